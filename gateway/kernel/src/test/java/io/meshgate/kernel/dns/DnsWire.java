package io.meshgate.kernel.dns;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryEncoder;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseDecoder;
import io.netty.handler.codec.dns.DatagramDnsResponseEncoder;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * DNS messages for the tests, encoded and decoded with Netty's DNS codec: an implementation independent
 * of the one under test, so a mistake in the server's wire format shows up as a decoding failure here.
 */
final class DnsWire {
    static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 40053);
    static final InetSocketAddress SERVER = new InetSocketAddress("127.0.0.1", 5300);

    private DnsWire() {}

    /** A query as a client sends it (recursion desired), addressed from {@link #CLIENT} to {@link #SERVER}. */
    static DatagramPacket query(int id, String name, DnsRecordType type) {
        return query(id, List.of(new DefaultDnsQuestion(name, type)), List.of());
    }

    static DatagramPacket query(int id, List<DnsRecord> questions, List<DnsRecord> additionals) {
        DatagramDnsQuery query = new DatagramDnsQuery(CLIENT, SERVER, id);
        query.setRecursionDesired(true);
        questions.forEach(q -> query.addRecord(DnsSection.QUESTION, q));
        additionals.forEach(a -> query.addRecord(DnsSection.ADDITIONAL, a));
        EmbeddedChannel encoder = new EmbeddedChannel(new DatagramDnsQueryEncoder());
        encoder.writeOutbound(query);
        DatagramPacket encoded = encoder.readOutbound();
        encoder.finishAndReleaseAll();
        return new DatagramPacket(encoded.content(), SERVER, CLIENT);
    }

    /** Raw bytes as a datagram from {@link #CLIENT}. */
    static DatagramPacket raw(byte[] bytes) {
        return new DatagramPacket(Unpooled.wrappedBuffer(bytes), SERVER, CLIENT);
    }

    static byte[] bytes(ByteBuf buf) {
        return ByteBufUtil.getBytes(buf);
    }

    /** Decodes a response the server sent (releases {@code packet}). */
    static Response decode(DatagramPacket packet) {
        byte[] bytes = bytes(packet.content());
        EmbeddedChannel decoder = new EmbeddedChannel(new DatagramDnsResponseDecoder());
        decoder.writeInbound(new DatagramPacket(packet.content(), CLIENT, SERVER));
        DatagramDnsResponse response = decoder.readInbound();
        try {
            List<String> questions = new ArrayList<>();
            for (int i = 0; i < response.count(DnsSection.QUESTION); i++) {
                questions.add(response.recordAt(DnsSection.QUESTION, i).name());
            }
            List<Answer> answers = new ArrayList<>();
            for (int i = 0; i < response.count(DnsSection.ANSWER); i++) {
                DnsRawRecord record = response.recordAt(DnsSection.ANSWER, i);
                answers.add(new Answer(record.name(), record.type(), record.timeToLive(), address(bytes(record.content()))));
            }
            return new Response(response.id(), response.code(), response.isAuthoritativeAnswer(),
                    response.isTruncated(), response.isRecursionDesired(), questions, answers,
                    response.count(DnsSection.ADDITIONAL), bytes.length, packet.recipient());
        } finally {
            response.release();
            decoder.finishAndReleaseAll();
        }
    }

    /** An upstream resolver's answer to {@code query} (read from its bytes), encoded by Netty. */
    static ByteBuf upstreamAnswer(byte[] query, DnsResponseCode code, List<String> ipv4) {
        int id = ((query[0] & 0xFF) << 8) | (query[1] & 0xFF);
        String name = questionName(query);
        DatagramDnsResponse response = new DatagramDnsResponse(SERVER, CLIENT, id);
        response.setCode(code);
        response.setRecursionDesired(true);
        response.setRecursionAvailable(true);
        response.addRecord(DnsSection.QUESTION, new DefaultDnsQuestion(name, DnsRecordType.A));
        for (String address : ipv4) {
            response.addRecord(DnsSection.ANSWER, new DefaultDnsRawRecord(name, DnsRecordType.A, 60,
                    Unpooled.wrappedBuffer(addressBytes(address))));
        }
        EmbeddedChannel encoder = new EmbeddedChannel(new DatagramDnsResponseEncoder());
        encoder.writeOutbound(response);
        DatagramPacket encoded = encoder.readOutbound();
        encoder.finishAndReleaseAll();
        return encoded.content();
    }

    /** The question name of a raw query, dotted, with a trailing dot. */
    static String questionName(byte[] query) {
        StringBuilder name = new StringBuilder();
        int pos = 12;
        while (query[pos] != 0) {
            int length = query[pos];
            name.append(new String(query, pos + 1, length, java.nio.charset.StandardCharsets.ISO_8859_1)).append('.');
            pos += length + 1;
        }
        return name.toString();
    }

    static byte[] addressBytes(String ipv4) {
        try {
            return InetAddress.getByName(ipv4).getAddress(); // literals only in these tests: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(ipv4, e);
        }
    }

    private static String address(byte[] bytes) {
        try {
            return bytes.length == 4 || bytes.length == 16 ? InetAddress.getByAddress(bytes).getHostAddress() : "?" + bytes.length;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    record Answer(String name, DnsRecordType type, long ttl, String address) {}

    record Response(int id, DnsResponseCode code, boolean authoritative, boolean truncated, boolean recursionDesired,
                    List<String> questions, List<Answer> answers, int additionals, int length,
                    InetSocketAddress to) {
        List<String> addresses() {
            return answers.stream().map(Answer::address).toList();
        }
    }
}
