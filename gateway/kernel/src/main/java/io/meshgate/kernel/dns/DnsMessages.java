package io.meshgate.kernel.dns;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.List;

/**
 * The messages the server writes: its own answers and error responses, the query it forwards, and the
 * upstream's answer as relayed to the client. Every message to a client fits in
 * {@value #MAX_UDP_LENGTH} bytes, the size every client accepts over UDP without EDNS.
 */
final class DnsMessages {

    static final int MAX_UDP_LENGTH = 512;

    static final int RCODE_NOERROR = 0;
    static final int RCODE_FORMERR = 1;
    static final int RCODE_SERVFAIL = 2;
    static final int RCODE_NOTIMP = 4;
    static final int RCODE_REFUSED = 5;

    /** Seconds a client may cache an answer from records; short, since a config swap can change them. */
    static final int RECORD_TTL_SECONDS = 5;

    private static final int FLAG_AUTHORITATIVE = 0x0400;
    private static final int FLAG_TRUNCATED = 0x0200;
    private static final int FLAG_RECURSION_DESIRED = 0x0100;
    private static final int FLAG_RECURSION_AVAILABLE = 0x0080;
    private static final int OPCODE_BITS = 0x7800;
    /** A pointer to offset 12, where the echoed question's name starts (RFC 1035 section 4.1.4). */
    private static final int POINTER_TO_QUESTION_NAME = 0xC000 | DnsQuery.HEADER_LENGTH;
    /** Name pointer, type, class, TTL and data length: what precedes a record's address. */
    private static final int RECORD_HEAD_LENGTH = 2 + 2 + 2 + 4 + 2;

    private DnsMessages() {}

    /**
     * The answer from records: the A records of {@code ipv4} (possibly none) for the query's name, as
     * many as fit, with the truncation bit set when some did not. Authoritative: clients such as Go's
     * resolver treat an empty, non-authoritative answer without recursion as a lame referral.
     */
    static ByteBuf answer(ByteBufAllocator alloc, DnsQuery query, List<byte[]> ipv4, boolean recursionAvailable) {
        return answer(alloc, query, ipv4, DnsQuery.TYPE_A, recursionAvailable);
    }

    /**
     * Like {@link #answer(ByteBufAllocator, DnsQuery, List, boolean)} with records of {@code type}
     * ({@link DnsQuery#TYPE_A} with 4-byte addresses, {@link DnsQuery#TYPE_AAAA} with 16-byte ones).
     */
    static ByteBuf answer(ByteBufAllocator alloc, DnsQuery query, List<byte[]> addresses, int type,
                          boolean recursionAvailable) {
        int addressLength = type == DnsQuery.TYPE_AAAA ? 16 : 4;
        int recordLength = RECORD_HEAD_LENGTH + addressLength;
        int room = (MAX_UDP_LENGTH - DnsQuery.HEADER_LENGTH - query.question().length) / recordLength;
        int count = Math.min(addresses.size(), room);
        int flags = responseFlags(query, recursionAvailable) | FLAG_AUTHORITATIVE | RCODE_NOERROR;
        if (count < addresses.size()) {
            flags |= FLAG_TRUNCATED;
        }
        ByteBuf out = alloc.buffer(DnsQuery.HEADER_LENGTH + query.question().length + count * recordLength);
        header(out, query.id(), flags, 1, count);
        out.writeBytes(query.question());
        for (int i = 0; i < count; i++) {
            out.writeShort(POINTER_TO_QUESTION_NAME);
            out.writeShort(type);
            out.writeShort(DnsQuery.CLASS_IN);
            out.writeInt(RECORD_TTL_SECONDS);
            out.writeShort(addressLength);
            out.writeBytes(addresses.get(i));
        }
        return out;
    }

    /** An error answer with {@code rcode}, echoing the question when the query had one that was read. */
    static ByteBuf error(ByteBufAllocator alloc, DnsQuery query, int rcode, boolean recursionAvailable) {
        byte[] question = query.question();
        ByteBuf out = alloc.buffer(DnsQuery.HEADER_LENGTH + (question == null ? 0 : question.length));
        header(out, query.id(), responseFlags(query, recursionAvailable) | rcode, question == null ? 0 : 1, 0);
        if (question != null) {
            out.writeBytes(question);
        }
        return out;
    }

    /**
     * The query as sent upstream: the client's header flags and question under {@code id}, without the
     * client's other sections, so an EDNS OPT record asking for more than 512 bytes does not make the
     * upstream send an answer this server would have to truncate.
     */
    static ByteBuf forwardedQuery(ByteBufAllocator alloc, DnsQuery query, int id) {
        ByteBuf out = alloc.buffer(DnsQuery.HEADER_LENGTH + query.question().length);
        header(out, id, query.flags() & 0x7FFF, 1, 0);
        out.writeBytes(query.question());
        return out;
    }

    /**
     * True when {@code response} (not consumed) answers the forwarded {@code query} sent under {@code id}:
     * a response with that id and the same question (names compared without regard to case).
     */
    static boolean answersForwarded(ByteBuf response, DnsQuery query, int id) {
        int start = response.readerIndex();
        byte[] question = query.question();
        if (response.readableBytes() < DnsQuery.HEADER_LENGTH + question.length
                || response.getUnsignedShort(start) != id
                || (response.getUnsignedShort(start + 2) & DnsQuery.FLAG_RESPONSE) == 0
                || response.getUnsignedShort(start + 4) != 1) {
            return false;
        }
        int typeAndClass = question.length - 4;
        for (int i = 0; i < question.length; i++) {
            byte sent = question[i];
            byte echoed = response.getByte(start + DnsQuery.HEADER_LENGTH + i);
            boolean same = i < typeAndClass ? asciiLower(sent) == asciiLower(echoed) : sent == echoed;
            if (!same) {
                return false;
            }
        }
        return true;
    }

    static int rcode(ByteBuf message) {
        return message.getUnsignedShort(message.readerIndex() + 2) & 0xF;
    }

    /**
     * The upstream's {@code response} for the client: the client's id and question, otherwise the upstream's
     * bytes; when longer than {@value #MAX_UDP_LENGTH} bytes only its header and the question, with the
     * truncation bit set. {@code response} is not consumed or released.
     */
    static ByteBuf relayed(ByteBufAllocator alloc, ByteBuf response, DnsQuery query) {
        int length = response.readableBytes();
        byte[] question = query.question();
        if (length <= MAX_UDP_LENGTH) {
            ByteBuf out = alloc.buffer(length);
            out.writeBytes(response, response.readerIndex(), length);
            out.setShort(0, query.id());
            // the question as the client spelled it: an upstream may have changed the letter case
            out.setBytes(DnsQuery.HEADER_LENGTH, question);
            return out;
        }
        int flags = response.getUnsignedShort(response.readerIndex() + 2) | FLAG_TRUNCATED;
        ByteBuf out = alloc.buffer(DnsQuery.HEADER_LENGTH + question.length);
        header(out, query.id(), flags, 1, 0);
        out.writeBytes(question);
        return out;
    }

    private static int responseFlags(DnsQuery query, boolean recursionAvailable) {
        return DnsQuery.FLAG_RESPONSE | (query.flags() & (OPCODE_BITS | FLAG_RECURSION_DESIRED))
                | (recursionAvailable ? FLAG_RECURSION_AVAILABLE : 0);
    }

    private static void header(ByteBuf out, int id, int flags, int questions, int answers) {
        out.writeShort(id);
        out.writeShort(flags);
        out.writeShort(questions);
        out.writeShort(answers);
        out.writeShort(0);
        out.writeShort(0);
    }

    private static int asciiLower(byte b) {
        return b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b;
    }
}
