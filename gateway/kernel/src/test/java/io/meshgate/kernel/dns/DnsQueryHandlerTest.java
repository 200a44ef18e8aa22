package io.meshgate.kernel.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.config.DnsListener;
import io.meshgate.config.DnsRecord;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.dns.DefaultDnsOptEcsRecord;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The query handler alone on an EmbeddedChannel, fed datagrams encoded by Netty's DNS codec. */
class DnsQueryHandlerTest {
    private static final String SVC = "httpbin.httpbin.svc.cluster.local";

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final FakeForwarder forwarder = new FakeForwarder();
    private final AtomicReference<DnsZone> zone = new AtomicReference<>(zone(List.of()));
    private final EmbeddedChannel channel = new EmbeddedChannel(
            new DnsQueryHandler(zone::get, forwarder, new DnsMetrics(registry, "dns")));

    @AfterEach
    void close() {
        assertThat(channel.finishAndReleaseAll()).as("nothing left unread").isFalse();
    }

    @Test
    void aKnownNameIsAnsweredWithItsAddressesWhateverTheCaseAndWithAFiveSecondTtl() {
        DnsWire.Response response = ask(DnsWire.query(0x1234, "HttpBin.httpbin.SVC.cluster.local", DnsRecordType.A));

        assertThat(response.id()).isEqualTo(0x1234);
        assertThat(response.code()).isEqualTo(DnsResponseCode.NOERROR);
        assertThat(response.authoritative()).isTrue();
        assertThat(response.truncated()).isFalse();
        assertThat(response.recursionDesired()).isTrue();
        assertThat(response.to()).isEqualTo(DnsWire.CLIENT);
        // the question comes back as the client spelled it (0x20 case randomisation)
        assertThat(response.questions()).containsExactly("HttpBin.httpbin.SVC.cluster.local.");
        assertThat(response.addresses()).containsExactly("10.96.0.10", "10.96.0.11");
        assertThat(response.answers()).allSatisfy(a -> {
            assertThat(a.ttl()).isEqualTo(5);
            assertThat(a.type()).isEqualTo(DnsRecordType.A);
        });
        assertThat(count("answered")).isEqualTo(1);
        assertThat(forwarder.pending).isEmpty();
    }

    @Test
    void aaaaAndOtherTypesForAKnownNameGetAnEmptyNoErrorAnswer() {
        for (DnsRecordType type : List.of(DnsRecordType.AAAA, DnsRecordType.TXT, DnsRecordType.MX)) {
            DnsWire.Response response = ask(DnsWire.query(7, SVC, type));
            assertThat(response.code()).as(type.name()).isEqualTo(DnsResponseCode.NOERROR);
            assertThat(response.authoritative()).isTrue();
            assertThat(response.answers()).as(type.name()).isEmpty();
        }
        assertThat(count("answered")).isEqualTo(3);
        assertThat(forwarder.pending).as("a known name is never forwarded").isEmpty();
    }

    @Test
    void namesWithoutARecordAreAnsweredFromTheHostsFileBeforeForwarding(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path hosts = dir.resolve("hosts");
        java.nio.file.Files.writeString(hosts, """
                # egress destinations
                203.0.113.7   httpbin.org www.httpbin.org   # aliases share the line
                2001:db8::7   httpbin.org
                10.0.0.1      %s
                """.formatted(SVC));
        zone.set(DnsZone.compile(new DnsListener("dns", "127.0.0.1", 0, List.of(new DnsRecord(SVC, List.of("10.96.0.10"))),
                List.of("127.0.0.1:1053"), Duration.ofMillis(300), hosts.toString())));

        assertThat(ask(DnsWire.query(1, "HTTPBIN.org", DnsRecordType.A)).addresses()).containsExactly("203.0.113.7");
        assertThat(ask(DnsWire.query(2, "www.httpbin.org", DnsRecordType.A)).addresses()).containsExactly("203.0.113.7");
        DnsWire.Response v6 = ask(DnsWire.query(3, "httpbin.org", DnsRecordType.AAAA));
        assertThat(v6.addresses()).containsExactly("2001:db8:0:0:0:0:0:7");
        assertThat(v6.answers()).allSatisfy(a -> assertThat(a.type()).isEqualTo(DnsRecordType.AAAA));
        assertThat(ask(DnsWire.query(4, "httpbin.org", DnsRecordType.MX)).answers()).isEmpty();
        assertThat(ask(DnsWire.query(5, SVC, DnsRecordType.A)).addresses()).as("records come first").containsExactly("10.96.0.10");
        assertThat(forwarder.pending).as("nothing forwarded yet").isEmpty();

        channel.writeInbound(DnsWire.query(6, "example.org", DnsRecordType.A));
        assertThat(forwarder.pending).as("a name the file does not have is forwarded").hasSize(1);
        forwarder.pending.clear();
    }

    @Test
    void anUnreadableHostsFileIsSkippedAndNamesAreForwardedAsBefore(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        zone.set(DnsZone.compile(new DnsListener("dns", "127.0.0.1", 0, List.of(), List.of("127.0.0.1:1053"),
                Duration.ofMillis(300), dir.resolve("missing").toString())));

        channel.writeInbound(DnsWire.query(6, "httpbin.org", DnsRecordType.A));
        assertThat(forwarder.pending).hasSize(1);
        forwarder.pending.clear();
    }

    @Test
    void aKnownNameWithoutAddressesGetsAnEmptyNoErrorAnswer() {
        DnsWire.Response response = ask(DnsWire.query(8, "empty.default", DnsRecordType.A));
        assertThat(response.code()).isEqualTo(DnsResponseCode.NOERROR);
        assertThat(response.answers()).isEmpty();
    }

    @Test
    void anUnknownNameWithoutUpstreamsIsServfail() {
        DnsWire.Response response = ask(DnsWire.query(9, "example.org", DnsRecordType.A));
        assertThat(response.code()).isEqualTo(DnsResponseCode.SERVFAIL);
        assertThat(response.id()).isEqualTo(9);
        assertThat(response.questions()).containsExactly("example.org.");
        assertThat(count("failed")).isEqualTo(1);
        assertThat(forwarder.pending).isEmpty();
    }

    @Test
    void anUnknownNameIsForwardedAndTheAnswerRelayedWithTheClientsId() {
        zone.set(zone(List.of("127.0.0.1:1053", "127.0.0.2")));
        channel.writeInbound(DnsWire.query(0xBEEF, "Example.org", DnsRecordType.A));
        assertThat((Object) channel.readOutbound()).as("nothing before the upstream answers").isNull();

        Pending pending = forwarder.pending.getFirst();
        assertThat(pending.upstreams).containsExactly(new InetSocketAddress("127.0.0.1", 1053),
                new InetSocketAddress("127.0.0.2", 53));
        assertThat(pending.perTry).isEqualTo(Duration.ofMillis(300));
        // the forwarder gets the question as asked; the upstream answers under another id
        byte[] forwarded = forwarded(pending, 0x0101);
        assertThat(DnsWire.questionName(forwarded)).isEqualTo("Example.org.");
        pending.callback.answered(DnsWire.upstreamAnswer(forwarded, DnsResponseCode.NOERROR, List.of("93.184.216.34")));

        DnsWire.Response response = DnsWire.decode(channel.readOutbound());
        assertThat(response.id()).isEqualTo(0xBEEF);
        assertThat(response.code()).isEqualTo(DnsResponseCode.NOERROR);
        assertThat(response.addresses()).containsExactly("93.184.216.34");
        assertThat(response.to()).isEqualTo(DnsWire.CLIENT);
        assertThat(count("forwarded")).isEqualTo(1);
    }

    @Test
    void theForwardedQueryCarriesTheQuestionOnlyEvenWhenTheClientSentEdns() {
        zone.set(zone(List.of("127.0.0.1")));
        channel.writeInbound(DnsWire.query(3, List.of(new DefaultDnsQuestion("example.org", DnsRecordType.A)),
                List.of(new DefaultDnsOptEcsRecord(4096, 24, new byte[] {10, 0, 0, 0}))));
        Pending pending = forwarder.pending.getFirst();
        byte[] forwarded = forwarded(pending, 0x0202);

        assertThat(forwarded[0]).isEqualTo((byte) 0x02);
        assertThat(forwarded[1]).isEqualTo((byte) 0x02);
        assertThat(forwarded[2] & 0x01).as("recursion desired kept").isEqualTo(1);
        assertThat(forwarded[11]).as("ARCOUNT: no OPT record upstream").isZero();
        assertThat(forwarded).hasSize(12 + "example.org".length() + 2 + 4);
        pending.callback.failed("test over");
        assertThat(DnsWire.decode(channel.readOutbound()).code()).isEqualTo(DnsResponseCode.SERVFAIL);
    }

    @Test
    void aKnownNameAskedWithEdnsIsAnsweredWithoutAnOptRecord() {
        DnsWire.Response response = ask(DnsWire.query(4, List.of(new DefaultDnsQuestion(SVC, DnsRecordType.A)),
                List.of(new DefaultDnsOptEcsRecord(4096, 24, new byte[] {10, 0, 0, 0}))));
        assertThat(response.addresses()).containsExactly("10.96.0.10", "10.96.0.11");
        assertThat(response.additionals()).isZero();
    }

    @Test
    void noUpstreamAnsweringIsServfail() {
        zone.set(zone(List.of("127.0.0.1")));
        channel.writeInbound(DnsWire.query(11, "example.org", DnsRecordType.A));
        forwarder.pending.getFirst().callback.failed("127.0.0.1:53 did not answer within 300 ms");

        DnsWire.Response response = DnsWire.decode(channel.readOutbound());
        assertThat(response.code()).isEqualTo(DnsResponseCode.SERVFAIL);
        assertThat(response.id()).isEqualTo(11);
        assertThat(count("failed")).isEqualTo(1);
        assertThat(count("forwarded")).isZero();
    }

    @Test
    void anUpstreamAnswerOverFiveHundredTwelveBytesIsRelayedAsTruncated() {
        zone.set(zone(List.of("127.0.0.1")));
        channel.writeInbound(DnsWire.query(12, "big.example.org", DnsRecordType.A));
        Pending pending = forwarder.pending.getFirst();
        byte[] forwarded = forwarded(pending, 77);
        List<String> many = IntStream.range(0, 40).mapToObj(i -> "192.0.2." + i).toList();
        ByteBuf big = DnsWire.upstreamAnswer(forwarded, DnsResponseCode.NOERROR, many);
        assertThat(big.readableBytes()).isGreaterThan(512);
        pending.callback.answered(big);

        DnsWire.Response response = DnsWire.decode(channel.readOutbound());
        assertThat(response.id()).isEqualTo(12);
        assertThat(response.truncated()).isTrue();
        assertThat(response.length()).isLessThanOrEqualTo(512);
        assertThat(response.questions()).containsExactly("big.example.org.");
        assertThat(response.answers()).isEmpty();
    }

    @Test
    void moreAddressesThanFitInFiveHundredTwelveBytesAreCutAndTheAnswerMarkedTruncated() {
        List<String> many = IntStream.range(0, 50).mapToObj(i -> "10.1.0." + i).toList();
        zone.set(DnsZone.compile(new DnsListener("dns", "127.0.0.1", 0,
                List.of(new DnsRecord("many.default.svc.cluster.local", many)), List.of(), null)));

        DnsWire.Response response = ask(DnsWire.query(13, "many.default.svc.cluster.local", DnsRecordType.A));
        assertThat(response.truncated()).isTrue();
        assertThat(response.length()).isLessThanOrEqualTo(512);
        // 12 header + 36 question (32-byte name) + 16 per answer (compressed name)
        assertThat(response.answers()).hasSize((512 - 12 - 36) / 16);
        assertThat(response.addresses()).startsWith("10.1.0.0", "10.1.0.1");
    }

    @Test
    void aQueryWithTwoQuestionsIsFormerr() {
        DnsWire.Response response = ask(DnsWire.query(14, List.of(
                new DefaultDnsQuestion(SVC, DnsRecordType.A), new DefaultDnsQuestion(SVC, DnsRecordType.AAAA)), List.of()));
        assertThat(response.code()).isEqualTo(DnsResponseCode.FORMERR);
        assertThat(response.id()).isEqualTo(14);
        assertThat(response.answers()).isEmpty();
        assertThat(count("format_error")).isEqualTo(1);
    }

    @Test
    void aQueryWithoutQuestionIsFormerr() {
        DnsWire.Response response = ask(DnsWire.raw(new byte[] {0, 15, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
        assertThat(response.code()).isEqualTo(DnsResponseCode.FORMERR);
        assertThat(response.id()).isEqualTo(15);
    }

    @Test
    void anOpcodeOtherThanQueryIsNotImplemented() {
        // opcode 2 (STATUS)
        DnsWire.Response response = ask(DnsWire.raw(new byte[] {0, 16, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
        assertThat(response.code()).isEqualTo(DnsResponseCode.NOTIMP);
        assertThat(count("not_implemented")).isEqualTo(1);
    }

    @Test
    void malformedDatagramsAreDroppedAndCountedAndTheNextQueryIsStillAnswered() {
        DatagramPacket validQuery = DnsWire.query(17, SVC, DnsRecordType.A);
        byte[] valid = DnsWire.bytes(validQuery.content());
        validQuery.release();
        List<byte[]> malformed = new ArrayList<>();
        malformed.add(new byte[0]);
        malformed.add(new byte[] {1, 2, 3});
        byte[] response = valid.clone();
        response[2] |= (byte) 0x80; // QR: a response, never answered
        malformed.add(response);
        malformed.add(java.util.Arrays.copyOf(valid, 20)); // name cut short
        malformed.add(java.util.Arrays.copyOf(valid, valid.length - 2)); // class missing
        byte[] pointer = new byte[] {0, 18, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, (byte) 0xC0, 12, 0, 1, 0, 1};
        malformed.add(pointer); // a compression pointer looping onto itself
        byte[] longLabel = new byte[12 + 1 + 20];
        longLabel[5] = 1;
        longLabel[12] = 63; // a label claims more bytes than the packet has
        malformed.add(longLabel);

        for (byte[] bytes : malformed) {
            channel.writeInbound(DnsWire.raw(bytes));
            assertThat((Object) channel.readOutbound()).as("no answer to %d bytes", bytes.length).isNull();
        }
        assertThat(registry.get(DnsMetrics.DROPPED).tag("listener", "dns").counter().count())
                .isEqualTo(malformed.size());
        assertThat(channel.isOpen()).isTrue();

        assertThat(ask(DnsWire.raw(valid)).addresses()).containsExactly("10.96.0.10", "10.96.0.11");
    }

    @Test
    void aNameLongerThan255BytesIsDropped() {
        byte[] name = new byte[5 * 64 + 1];
        for (int label = 0; label < 5; label++) {
            name[label * 64] = 63;
            java.util.Arrays.fill(name, label * 64 + 1, label * 64 + 64, (byte) 'a');
        }
        byte[] packet = new byte[12 + name.length + 4];
        packet[5] = 1;
        System.arraycopy(name, 0, packet, 12, name.length);
        packet[packet.length - 3] = 1;
        packet[packet.length - 1] = 1;
        channel.writeInbound(DnsWire.raw(packet));
        assertThat((Object) channel.readOutbound()).isNull();
        assertThat(registry.get(DnsMetrics.DROPPED).counter().count()).isEqualTo(1);
    }

    @Test
    void aLabelHoldingADotByteMatchesNoRecord() {
        // "httpbin.httpbin" as one label: not the two-label name of the record
        byte[] label = "httpbin.httpbin".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] packet = new byte[12 + 1 + label.length + 1 + 4];
        packet[1] = 19;
        packet[5] = 1;
        packet[12] = (byte) label.length;
        System.arraycopy(label, 0, packet, 13, label.length);
        packet[packet.length - 3] = 1;
        packet[packet.length - 1] = 1;
        zone.set(DnsZone.compile(new DnsListener("dns", "127.0.0.1", 0,
                List.of(new DnsRecord("httpbin.httpbin", List.of("10.96.0.10"))), List.of(), null)));

        assertThat(ask(DnsWire.raw(packet)).code()).isEqualTo(DnsResponseCode.SERVFAIL);
    }

    @Test
    void aConfigSwapTakesEffectFromTheNextQuery() {
        assertThat(ask(DnsWire.query(20, SVC, DnsRecordType.A)).addresses()).containsExactly("10.96.0.10", "10.96.0.11");
        zone.set(DnsZone.compile(new DnsListener("dns", "127.0.0.1", 0,
                List.of(new DnsRecord(SVC, List.of("10.96.0.99"))), List.of(), null)));
        assertThat(ask(DnsWire.query(21, SVC, DnsRecordType.A)).addresses()).containsExactly("10.96.0.99");
    }

    @Test
    void aListenerGoneFromTheConfigAnswersNothing() {
        zone.set(null);
        channel.writeInbound(DnsWire.query(22, SVC, DnsRecordType.A));
        assertThat((Object) channel.readOutbound()).isNull();
        assertThat(count("answered")).isZero();
    }

    @Test
    void forwardsBeyondTheInFlightCapAreServfailWithoutAsking() {
        zone.set(zone(List.of("127.0.0.1")));
        for (int i = 0; i < DnsQueryHandler.MAX_FORWARDS_IN_FLIGHT; i++) {
            channel.writeInbound(DnsWire.query(i, "n" + i + ".example.org", DnsRecordType.A));
        }
        assertThat(forwarder.pending).hasSize(DnsQueryHandler.MAX_FORWARDS_IN_FLIGHT);

        assertThat(ask(DnsWire.query(999, "one-more.example.org", DnsRecordType.A)).code())
                .isEqualTo(DnsResponseCode.SERVFAIL);
        assertThat(forwarder.pending).hasSize(DnsQueryHandler.MAX_FORWARDS_IN_FLIGHT);

        // one finishes: the next query is forwarded again
        forwarder.pending.removeFirst().callback.failed("done");
        DnsWire.decode(channel.readOutbound());
        channel.writeInbound(DnsWire.query(1000, "again.example.org", DnsRecordType.A));
        assertThat(forwarder.pending).hasSize(DnsQueryHandler.MAX_FORWARDS_IN_FLIGHT);
        assertThat((Object) channel.readOutbound()).isNull();
        forwarder.pending.forEach(p -> p.callback.failed("test over"));
        for (int i = 0; i < DnsQueryHandler.MAX_FORWARDS_IN_FLIGHT; i++) {
            DnsWire.decode(channel.readOutbound());
        }
        forwarder.pending.clear();
    }

    private DnsWire.Response ask(DatagramPacket query) {
        channel.writeInbound(query);
        DatagramPacket answer = channel.readOutbound();
        assertThat(answer).as("an answer").isNotNull();
        assertThat((Object) channel.readOutbound()).as("one answer only").isNull();
        return DnsWire.decode(answer);
    }

    /** The query the forwarder would send for {@code pending}, under {@code id}. */
    private static byte[] forwarded(Pending pending, int id) {
        ByteBuf query = DnsMessages.forwardedQuery(UnpooledByteBufAllocator.DEFAULT, pending.dnsQuery, id);
        try {
            return DnsWire.bytes(query);
        } finally {
            query.release();
        }
    }

    private double count(String outcome) {
        return registry.get(DnsMetrics.QUERIES).tag("listener", "dns").tag("outcome", outcome).counter().count();
    }

    private static DnsZone zone(List<String> upstreams) {
        return DnsZone.compile(new DnsListener("dns", "127.0.0.1", 0, List.of(
                new DnsRecord(SVC, List.of("10.96.0.10", "10.96.0.11")),
                new DnsRecord("empty.default", List.of())), upstreams, Duration.ofMillis(300)));
    }

    private record Pending(DnsQuery dnsQuery, List<InetSocketAddress> upstreams, Duration perTry,
                           DnsForwarder.Callback callback) {}

    /** Records what the handler asks for; the test answers or fails each forward itself. */
    private static final class FakeForwarder implements DnsForwarder {
        final List<Pending> pending = new ArrayList<>();

        @Override
        public void forward(EventLoop loop, DnsQuery query, List<InetSocketAddress> upstreams, Duration perTry,
                            Callback callback) {
            pending.add(new Pending(query, upstreams, perTry, callback));
        }
    }
}
