package io.meshgate.kernel.dns;

import io.netty.buffer.ByteBuf;

/**
 * The parts of a client's query the server acts on (RFC 1035 section 4.1).
 *
 * @param id            the client's query id, echoed in every answer
 * @param flags         the header's second 16-bit word (opcode, RD...)
 * @param questionCount QDCOUNT as sent; the question fields are only read when it is 1 and the opcode is QUERY
 * @param question      the question's bytes as sent (name, type, class), echoed verbatim so that a client
 *                      randomising the letter case of its names (0x20 encoding) recognises the answer;
 *                      null when not read
 * @param name          the name in lower case, labels joined by dots, without the trailing dot; null when
 *                      not read or when a label holds a dot byte, a name no record can match
 */
record DnsQuery(int id, int flags, int questionCount, byte[] question, String name, int type, int questionClass) {

    static final int HEADER_LENGTH = 12;
    static final int FLAG_RESPONSE = 0x8000;
    static final int OPCODE_QUERY = 0;
    static final int TYPE_A = 1;
    static final int TYPE_AAAA = 28;
    static final int CLASS_IN = 1;
    private static final int MAX_NAME_LENGTH = 255;

    int opcode() {
        return (flags >>> 11) & 0xF;
    }

    /** True for the one question this server answers from records: an IPv4 address of the name. */
    boolean asksForIpv4() {
        return type == TYPE_A && questionClass == CLASS_IN;
    }

    /** True for an IPv6 address of the name (answered from the hosts file only). */
    boolean asksForIpv6() {
        return type == TYPE_AAAA && questionClass == CLASS_IN;
    }

    /**
     * Reads a query from {@code packet} without moving its reader index.
     *
     * @throws MalformedDnsPacketException when the bytes are not a readable query (too short, a response,
     *                                     a name running past the end, a compressed question name)
     */
    static DnsQuery parse(ByteBuf packet) {
        int start = packet.readerIndex();
        int end = packet.writerIndex();
        if (end - start < HEADER_LENGTH) {
            throw new MalformedDnsPacketException("shorter than a DNS header (" + (end - start) + " bytes)");
        }
        int id = packet.getUnsignedShort(start);
        int flags = packet.getUnsignedShort(start + 2);
        int questionCount = packet.getUnsignedShort(start + 4);
        if ((flags & FLAG_RESPONSE) != 0) {
            // answering a response could make two servers answer each other forever
            throw new MalformedDnsPacketException("a response, not a query");
        }
        if (questionCount != 1 || ((flags >>> 11) & 0xF) != OPCODE_QUERY) {
            return new DnsQuery(id, flags, questionCount, null, null, 0, 0);
        }
        int pos = start + HEADER_LENGTH;
        StringBuilder name = new StringBuilder();
        boolean matchable = true;
        int wireLength = 1;
        while (true) {
            if (pos >= end) {
                throw new MalformedDnsPacketException("question name runs past the end of the packet");
            }
            int labelLength = packet.getUnsignedByte(pos++);
            if (labelLength == 0) {
                break;
            }
            if ((labelLength & 0xC0) != 0) {
                // nothing precedes the question that a pointer could sensibly point at
                throw new MalformedDnsPacketException("compressed or extended label in the question name");
            }
            if (pos + labelLength > end) {
                throw new MalformedDnsPacketException("question name runs past the end of the packet");
            }
            wireLength += labelLength + 1;
            if (wireLength > MAX_NAME_LENGTH) {
                throw new MalformedDnsPacketException("question name longer than 255 bytes");
            }
            if (!name.isEmpty()) {
                name.append('.');
            }
            for (int i = 0; i < labelLength; i++) {
                char c = (char) packet.getUnsignedByte(pos + i);
                if (c == '.') {
                    matchable = false;
                }
                name.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
            }
            pos += labelLength;
        }
        if (pos + 4 > end) {
            throw new MalformedDnsPacketException("question type and class missing");
        }
        int type = packet.getUnsignedShort(pos);
        int questionClass = packet.getUnsignedShort(pos + 2);
        pos += 4;
        byte[] question = new byte[pos - start - HEADER_LENGTH];
        packet.getBytes(start + HEADER_LENGTH, question);
        // answer, authority and additional sections (an EDNS OPT record) are ignored: answers stay
        // within the classic 512 bytes, which every client accepts
        return new DnsQuery(id, flags, questionCount, question, matchable ? name.toString() : null, type, questionClass);
    }
}
