package io.meshgate.kernel.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshgate.kernel.transport.Transports;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A TcpListener's data path on loopback: a real client socket, the proxy (TcpProxyFrontend and
 * TcpRelayHandler on the kernel's transport), and a plain-socket upstream.
 */
class TcpProxyEndToEndTest {
    private static final Duration LONG_IDLE = Duration.ofMinutes(5);
    private static EventLoopGroup group;

    private final List<AutoCloseable> resources = new CopyOnWriteArrayList<>();
    /** Both proxy-side channels of every relayed connection, to check that they close. */
    private final List<Channel> proxyChannels = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startGroup() {
        group = Transports.newGroup(2, "tcp-relay-test");
    }

    @AfterAll
    static void stopGroup() {
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @AfterEach
    void closeResources() throws Exception {
        for (AutoCloseable r : resources) {
            r.close();
        }
    }

    @Test
    void serverFirstGreetingReachesAClientThatSendsNothing() throws Exception {
        BlockingUpstream upstream = upstream(s -> {
            OutputStream out = s.getOutputStream();
            out.write("220 smtp.example ready\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            s.getInputStream().transferTo(OutputStream.nullOutputStream());
        });
        int port = proxy(connectTo(upstream.port()), LONG_IDLE);

        try (Socket client = TestNet.client(port)) {
            BufferedReader reader = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
            assertThat(reader.readLine()).isEqualTo("220 smtp.example ready");
        }
    }

    @Test
    void thirtyTwoMebibytesEachWayArriveIntactAcrossAHalfClose() throws Exception {
        BlockingUpstream upstream = upstream(BlockingUpstream::echo);
        int port = proxy(connectTo(upstream.port()), LONG_IDLE);
        int total = 32 * 1024 * 1024;

        try (Socket client = TestNet.client(port)) {
            CompletableFuture<String> sent = CompletableFuture.supplyAsync(() -> {
                try {
                    MessageDigest digest = MessageDigest.getInstance("SHA-256");
                    Random random = new Random(42);
                    byte[] chunk = new byte[64 * 1024];
                    OutputStream out = client.getOutputStream();
                    for (int written = 0; written < total; written += chunk.length) {
                        random.nextBytes(chunk);
                        digest.update(chunk);
                        out.write(chunk);
                    }
                    out.flush();
                    // FIN: the echo upstream sees end of stream only after all our bytes, and must
                    // still be able to send the rest of its echo back through the proxy
                    client.shutdownOutput();
                    return HexFormat.of().formatHex(digest.digest());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, runnable -> Thread.ofVirtual().start(runnable));

            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            long received = 0;
            byte[] buffer = new byte[64 * 1024];
            InputStream in = client.getInputStream();
            for (int n; (n = in.read(buffer)) >= 0; ) {
                digest.update(buffer, 0, n);
                received += n;
            }
            assertThat(received).isEqualTo(total);
            assertThat(HexFormat.of().formatHex(digest.digest())).isEqualTo(sent.get(60, TimeUnit.SECONDS));
        }
        awaitProxyChannelsClosed();
    }

    @Test
    void clientCloseReachesTheUpstreamAndTheRelayClosesWhenTheUpstreamFollows() throws Exception {
        BlockingUpstream upstream = upstream(BlockingUpstream::idle);
        int port = proxy(connectTo(upstream.port()), LONG_IDLE);

        Socket client = TestNet.client(port);
        Socket upstreamSide = upstream.nextAccepted();
        client.getOutputStream().write("bye".getBytes(StandardCharsets.US_ASCII));
        client.close();

        assertThat(upstreamSide.getInputStream().readAllBytes()).asString(StandardCharsets.US_ASCII).isEqualTo("bye");
        upstreamSide.close();
        awaitProxyChannelsClosed();
    }

    @Test
    void upstreamCloseReachesTheClient() throws Exception {
        BlockingUpstream upstream = upstream(s -> {
            s.getOutputStream().write("last words".getBytes(StandardCharsets.US_ASCII));
            s.close();
        });
        int port = proxy(connectTo(upstream.port()), LONG_IDLE);

        try (Socket client = TestNet.client(port)) {
            assertThat(client.getInputStream().readAllBytes()).asString(StandardCharsets.US_ASCII).isEqualTo("last words");
        }
        awaitProxyChannelsClosed();
    }

    @Test
    void upstreamResetClosesTheClient() throws Exception {
        BlockingUpstream upstream = upstream(s -> {
            s.setSoLinger(true, 0);
            s.close();
        });
        int port = proxy(connectTo(upstream.port()), LONG_IDLE);

        try (Socket client = TestNet.client(port)) {
            assertEndOfStreamOrReset(client);
        }
        awaitProxyChannelsClosed();
    }

    @Test
    void idleConnectionsAreClosedOnBothSides() throws Exception {
        BlockingUpstream upstream = upstream(BlockingUpstream::idle);
        int port = proxy(connectTo(upstream.port()), Duration.ofMillis(300));

        try (Socket client = TestNet.client(port)) {
            Socket upstreamSide = upstream.nextAccepted();
            assertThat(client.getInputStream().read()).isEqualTo(-1);
            assertThat(upstreamSide.getInputStream().read()).isEqualTo(-1);
        }
        awaitProxyChannelsClosed();
    }

    @Test
    void trafficKeepsAConnectionAlivePastTheIdleTimeout() throws Exception {
        BlockingUpstream upstream = upstream(BlockingUpstream::echo);
        // generous: the test thread must never stall for a whole idle period on a loaded machine
        Duration idle = Duration.ofMillis(1500);
        int port = proxy(connectTo(upstream.port()), idle);

        try (Socket client = TestNet.client(port)) {
            long deadline = System.nanoTime() + 3 * idle.toNanos();
            int rounds = 0;
            // one byte round trip about every 50 ms for three idle periods
            while (System.nanoTime() < deadline) {
                client.getOutputStream().write('x');
                assertThat(client.getInputStream().read()).isEqualTo('x');
                rounds++;
                await().pollDelay(Duration.ofMillis(50)).until(() -> true);
            }
            assertThat(rounds).isGreaterThan(3);
        }
    }

    @Test
    void upstreamConnectFailureClosesTheClient() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        int port = proxy(connectTo(closedPort), LONG_IDLE);

        try (Socket client = TestNet.client(port)) {
            assertEndOfStreamOrReset(client);
        }
    }

    @Test
    void aThrowingConnectorClosesTheClient() throws Exception {
        int port = proxy(downstream -> {
            throw new IllegalStateException("no endpoint");
        }, LONG_IDLE);

        try (Socket client = TestNet.client(port)) {
            assertEndOfStreamOrReset(client);
        }
    }

    @Test
    void bytesTheClientSendsWhileTheUpstreamConnectsAreDeliveredAfterIt() throws Exception {
        BlockingUpstream upstream = upstream(BlockingUpstream::idle);
        CompletableFuture<Channel> downstreamSeen = new CompletableFuture<>();
        CompletableFuture<Promise<Channel>> pending = new CompletableFuture<>();
        int port = proxy(downstream -> {
            Promise<Channel> promise = downstream.eventLoop().newPromise();
            pending.complete(promise);
            downstreamSeen.complete(downstream);
            return promise;
        }, LONG_IDLE);

        try (Socket client = TestNet.client(port)) {
            client.getOutputStream().write("early".getBytes(StandardCharsets.US_ASCII));
            Channel downstream = downstreamSeen.get(30, TimeUnit.SECONDS);
            Promise<Channel> promise = pending.get(30, TimeUnit.SECONDS);
            // connect now, from the event loop, and hand the result to the frontend
            downstream.eventLoop().execute(() -> TestNet.connect(downstream, upstream.port()).addListener(f -> {
                if (f.isSuccess()) {
                    promise.setSuccess((Channel) f.getNow());
                } else {
                    promise.setFailure(f.cause());
                }
            }));
            Socket upstreamSide = upstream.nextAccepted();
            assertThat(upstreamSide.getInputStream().readNBytes(5)).asString(StandardCharsets.US_ASCII).isEqualTo("early");
        }
    }

    private BlockingUpstream upstream(BlockingUpstream.Behaviour behaviour) throws IOException {
        BlockingUpstream upstream = new BlockingUpstream(behaviour);
        resources.add(upstream);
        return upstream;
    }

    /** A connector to 127.0.0.1:port that remembers the channels it relays between. */
    private UpstreamConnector connectTo(int port) {
        return downstream -> {
            proxyChannels.add(downstream);
            Future<Channel> upstream = TestNet.connect(downstream, port);
            upstream.addListener(f -> {
                if (f.isSuccess()) {
                    proxyChannels.add(upstream.getNow());
                }
            });
            return upstream;
        };
    }

    private int proxy(UpstreamConnector connector, Duration idleTimeout) {
        TcpProxyFrontend frontend = new TcpProxyFrontend(connector, idleTimeout);
        Channel server = TestNet.listen(group, () -> frontend);
        resources.add(() -> server.close().syncUninterruptibly());
        return TestNet.port(server);
    }

    private void awaitProxyChannelsClosed() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            // the upstream side is recorded only when its connect succeeded: a reset racing the
            // connect fails it, and then the client side is the only proxy channel there is
            assertThat(proxyChannels).isNotEmpty();
            assertThat(proxyChannels).noneMatch(Channel::isOpen);
        });
    }

    private static void assertEndOfStreamOrReset(Socket client) throws IOException {
        try {
            assertThat(client.getInputStream().read()).isEqualTo(-1);
        } catch (SocketException reset) {
            // a reset is as good as a close for the client
        }
    }
}
