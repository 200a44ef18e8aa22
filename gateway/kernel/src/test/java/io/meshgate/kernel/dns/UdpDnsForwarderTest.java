package io.meshgate.kernel.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.kernel.transport.Transports;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.dns.DnsRecordType;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The forwarder over real UDP sockets on loopback, against in-test upstreams on 127.0.0.1. */
class UdpDnsForwarderTest {
    private static final Duration PER_TRY = Duration.ofMillis(300);
    private static EventLoopGroup group;

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final UdpDnsForwarder forwarder = new UdpDnsForwarder(DnsTransport.datagramChannel());

    @BeforeAll
    static void startGroup() {
        group = Transports.newGroup(1, "dns-forwarder-test");
    }

    @AfterAll
    static void stopGroup() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @AfterEach
    void closeResources() throws Exception {
        for (AutoCloseable r : resources) {
            r.close();
        }
    }

    @Test
    void theFirstUpstreamsAnswerIsTakenAndCarriesTheQuestion() throws Exception {
        TestDnsUpstream upstream = keep(TestDnsUpstream.answering("192.0.2.1"));

        Outcome outcome = forward(query("Example.ORG"), upstream.socketAddress());

        assertThat(outcome.why).isNull();
        assertThat(outcome.addresses()).containsExactly("192.0.2.1");
        assertThat(upstream.received).singleElement().satisfies(q -> {
            assertThat(DnsWire.questionName(q)).isEqualTo("Example.ORG.");
            assertThat(q[11]).as("no additional records").isZero();
        });
    }

    @Test
    void aSilentUpstreamIsGivenItsTimeoutThenTheNextIsAsked() throws Exception {
        TestDnsUpstream silent = keep(TestDnsUpstream.silent());
        TestDnsUpstream answering = keep(TestDnsUpstream.answering("192.0.2.2"));

        long start = System.nanoTime();
        Outcome outcome = forward(query("example.org"), silent.socketAddress(), answering.socketAddress());
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(outcome.addresses()).containsExactly("192.0.2.2");
        assertThat(silent.received).hasSize(1);
        assertThat(elapsedMillis).isBetween(PER_TRY.toMillis() - 20, PER_TRY.toMillis() + 2_000);
    }

    @Test
    void servfailAndRefusedMoveOnToTheNextUpstreamButNxdomainIsFinal() throws Exception {
        TestDnsUpstream servfail = keep(new TestDnsUpstream(q -> List.of(TestDnsUpstream.answer(q, 2))));
        TestDnsUpstream refused = keep(new TestDnsUpstream(q -> List.of(TestDnsUpstream.answer(q, 5))));
        TestDnsUpstream nxdomain = keep(new TestDnsUpstream(q -> List.of(TestDnsUpstream.answer(q, 3))));
        TestDnsUpstream never = keep(TestDnsUpstream.answering("192.0.2.3"));

        Outcome outcome = forward(query("nowhere.example"), servfail.socketAddress(), refused.socketAddress(),
                nxdomain.socketAddress(), never.socketAddress());

        assertThat(outcome.rcode).isEqualTo(3);
        assertThat(never.received).isEmpty();
    }

    @Test
    void whenNoUpstreamAnswersTheFailureNamesTheLastTry() throws Exception {
        TestDnsUpstream first = keep(TestDnsUpstream.silent());
        TestDnsUpstream second = keep(TestDnsUpstream.silent());

        Outcome outcome = forward(query("example.org"), first.socketAddress(), second.socketAddress());

        assertThat(outcome.response).isNull();
        assertThat(outcome.why).isEqualTo(second.socketAddress() + " did not answer within 300 ms");
        assertThat(first.received).hasSize(1);
        assertThat(second.received).hasSize(1);
    }

    @Test
    void answersWithAnotherIdOrQuestionAreIgnored() throws Exception {
        TestDnsUpstream liar = keep(new TestDnsUpstream(q -> {
            byte[] good = TestDnsUpstream.answer(q, 0, "192.0.2.66");
            int id = ((q[0] & 0xFF) << 8) | (q[1] & 0xFF);
            byte[] otherQuestion = good.clone();
            otherQuestion[13] = 'x'; // first letter of the name
            return List.of(TestDnsUpstream.withId(good, id ^ 1), otherQuestion);
        }));

        Outcome outcome = forward(query("example.org"), liar.socketAddress());

        assertThat(outcome.response).isNull();
        assertThat(outcome.why).contains("did not answer");
    }

    @Test
    void anAnswerFromAnAddressNotAskedIsIgnored() throws Exception {
        TestDnsUpstream asked = keep(TestDnsUpstream.silent());
        CompletableFuture<Outcome> pending = forwardAsync(query("example.org"), asked.socketAddress());
        byte[] q = awaitQuery(asked);

        try (DatagramSocket impostor = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            // the right id and question, from the right host but another port
            byte[] answer = TestDnsUpstream.answer(q, 0, "192.0.2.99");
            impostor.send(new DatagramPacket(answer, answer.length,
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), asked.lastSenderPort)));
            Outcome outcome = pending.get(5, TimeUnit.SECONDS);
            assertThat(outcome.response).isNull();
            assertThat(outcome.why).contains("did not answer");
        }
    }

    @Test
    void aLateAnswerFromAnEarlierUpstreamIsStillTaken() throws Exception {
        TestDnsUpstream slow = keep(new TestDnsUpstream(q -> {
            sleep(PER_TRY.toMillis() + 100);
            return List.of(TestDnsUpstream.answer(q, 0, "192.0.2.7"));
        }));
        TestDnsUpstream silent = keep(TestDnsUpstream.silent());

        Outcome outcome = forward(query("example.org"), slow.socketAddress(), silent.socketAddress());

        assertThat(outcome.addresses()).containsExactly("192.0.2.7");
        assertThat(silent.received).hasSize(1);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] awaitQuery(TestDnsUpstream upstream) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (upstream.received.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(upstream.received).isNotEmpty();
        return upstream.received.getFirst();
    }

    private TestDnsUpstream keep(TestDnsUpstream upstream) {
        resources.add(upstream);
        return upstream;
    }

    private static DnsQuery query(String name) {
        var packet = DnsWire.query(0x4242, name, DnsRecordType.A);
        try {
            return DnsQuery.parse(packet.content());
        } finally {
            packet.release();
        }
    }

    private Outcome forward(DnsQuery query, InetSocketAddress... upstreams) throws Exception {
        return forwardAsync(query, upstreams).get(10, TimeUnit.SECONDS);
    }

    private CompletableFuture<Outcome> forwardAsync(DnsQuery query, InetSocketAddress... upstreams) {
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        EventLoop loop = group.next();
        loop.execute(() -> forwarder.forward(loop, query, List.of(upstreams), PER_TRY, new DnsForwarder.Callback() {
            @Override
            public void answered(ByteBuf response) {
                assertOnLoop(loop, outcome);
                try {
                    outcome.complete(new Outcome(DnsWire.bytes(response), DnsMessages.rcode(response), null));
                } finally {
                    response.release();
                }
            }

            @Override
            public void failed(String why) {
                assertOnLoop(loop, outcome);
                outcome.complete(new Outcome(null, -1, why));
            }
        }));
        return outcome;
    }

    private static void assertOnLoop(EventLoop loop, CompletableFuture<Outcome> outcome) {
        if (!loop.inEventLoop()) {
            outcome.completeExceptionally(new AssertionError("callback off the event loop"));
        }
    }

    private record Outcome(byte[] response, int rcode, String why) {
        List<String> addresses() {
            assertThat(response).as("an answer (failure: %s)", why).isNotNull();
            return DnsWire.decode(new io.netty.channel.socket.DatagramPacket(Unpooled.wrappedBuffer(response),
                    DnsWire.CLIENT, DnsWire.SERVER)).addresses();
        }
    }
}
