package io.meshgate.kernel.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.meshgate.config.Cluster;
import io.meshgate.config.ClusterTimeouts;
import io.meshgate.config.Endpoint;
import io.netty.channel.Channel;
import io.netty.channel.ConnectTimeoutException;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The HTTP/1.1 pool against real loopback servers: reuse, closing, timeouts, limits, retirement. */
class UpstreamConnectionPoolTest {
    private static final Duration LONG = Duration.ofSeconds(30);

    private final TestLoop t = new TestLoop();
    private final UpstreamConnectionPool pool = new UpstreamConnectionPool(t.loop, Duration.ofMillis(50));
    private final Http1TestServer server = Http1TestServer.start();

    @AfterEach
    void tearDown() {
        pool.closeAll();
        server.close();
        t.close();
    }

    static Cluster cluster(int port, ClusterTimeouts timeouts, int maxConnections) {
        return new Cluster("web", List.of(Endpoint.of("127.0.0.1", port)), Cluster.LbPolicy.ROUND_ROBIN, false,
                timeouts, null, Cluster.UpstreamProtocol.HTTP1, maxConnections);
    }

    static ClusterTimeouts timeouts(Duration connect, Duration idle) {
        return new ClusterTimeouts(connect, LONG, idle);
    }

    private UpstreamCluster compile(int port) {
        return UpstreamCluster.compile(cluster(port, timeouts(Duration.ofSeconds(5), LONG), 0));
    }

    private Future<Channel> acquire(UpstreamCluster c, EndpointState e) throws Exception {
        return t.call(() -> pool.acquire(c, e));
    }

    private static Throwable failureOf(Future<Channel> future) {
        assertThat(future.awaitUninterruptibly(10, TimeUnit.SECONDS)).as("acquire completed").isTrue();
        assertThat(future.isSuccess()).as("acquire failed").isFalse();
        return future.cause();
    }

    @Test
    void reusesAnIdleKeepAliveConnection() throws Exception {
        UpstreamCluster c = compile(server.port());
        EndpointState e = c.endpoints().get(0);

        var first = Exchanges.get(t, pool, c, e, "/a");
        var second = Exchanges.get(t, pool, c, e, "/b");

        assertThat(first.status()).isEqualTo(200);
        assertThat(second.tcpPort()).isEqualTo(first.tcpPort());
        assertThat(second.body()).isEqualTo(String.valueOf(first.tcpPort()));
        assertThat(server.accepted).hasValue(1);
        assertThat(pool.idleCount()).isEqualTo(1);
        assertThat(pool.activeCount()).isZero();
    }

    @Test
    void concurrentRequestsGetSeparateConnectionsAndBothBecomeIdle() throws Exception {
        UpstreamCluster c = compile(server.port());
        EndpointState e = c.endpoints().get(0);

        var a = Exchanges.start(t, pool, c, e, "/slow");
        var b = Exchanges.start(t, pool, c, e, "/slow");
        await().untilAsserted(() -> assertThat(pool.activeCount()).isEqualTo(2));

        assertThat(a.get(10, TimeUnit.SECONDS).tcpPort()).isNotEqualTo(b.get(10, TimeUnit.SECONDS).tcpPort());
        assertThat(pool.idleCount()).isEqualTo(2);
        assertThat(pool.activeCount()).isZero();
    }

    @Test
    void idleConnectionClosedByTheServerLeavesThePool() throws Exception {
        UpstreamCluster c = compile(server.port());
        EndpointState e = c.endpoints().get(0);
        var first = Exchanges.get(t, pool, c, e, "/");
        assertThat(pool.idleCount()).isEqualTo(1);

        server.closeConnections();

        await().untilAsserted(() -> assertThat(pool.idleCount()).isZero());
        var second = Exchanges.get(t, pool, c, e, "/");
        assertThat(second.tcpPort()).isNotEqualTo(first.tcpPort());
        assertThat(server.accepted).hasValue(2);
    }

    @Test
    void idleTimeoutClosesTheConnection() throws Exception {
        UpstreamCluster c = UpstreamCluster.compile(
                cluster(server.port(), timeouts(Duration.ofSeconds(5), Duration.ofMillis(200)), 0));
        Exchanges.get(t, pool, c, c.endpoints().get(0), "/");
        assertThat(server.open).hasSize(1);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(pool.idleCount()).isZero();
            assertThat(server.open).isEmpty();
        });
    }

    @Test
    void idleConnectionThatReceivesUnsolicitedDataIsClosed() throws Exception {
        UpstreamCluster c = compile(server.port());
        EndpointState e = c.endpoints().get(0);
        var first = Exchanges.get(t, pool, c, e, "/unsolicited");
        assertThat(first.status()).isEqualTo(200);
        assertThat(pool.idleCount()).isEqualTo(1);

        // the server writes a second response 300 ms later, while the connection sits idle
        await().untilAsserted(() -> {
            assertThat(pool.idleCount()).isZero();
            assertThat(server.open).isEmpty();
        });
        assertThat(Exchanges.get(t, pool, c, e, "/").tcpPort()).isNotEqualTo(first.tcpPort());
    }

    @Test
    void bytesBeyondTheResponseMakeTheConnectionUnusable() throws Exception {
        UpstreamCluster c = compile(server.port());
        EndpointState e = c.endpoints().get(0);

        var first = Exchanges.get(t, pool, c, e, "/extra");
        assertThat(first.body()).isEqualTo(String.valueOf(first.tcpPort()));

        // the partial "HTTP/1.1 200" left in the decoder must never be read as the next response
        await().untilAsserted(() -> assertThat(server.open).isEmpty());
        assertThat(pool.idleCount()).isZero();
        var second = Exchanges.get(t, pool, c, e, "/");
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.tcpPort()).isNotEqualTo(first.tcpPort());
    }

    @Test
    void serverClosingAfterItsResponseIsNotReused() throws Exception {
        UpstreamCluster c = compile(server.port());
        EndpointState e = c.endpoints().get(0);
        var first = Exchanges.get(t, pool, c, e, "/close");
        assertThat(first.status()).isEqualTo(200);

        await().untilAsserted(() -> assertThat(pool.idleCount()).isZero());
        assertThat(Exchanges.get(t, pool, c, e, "/").tcpPort()).isNotEqualTo(first.tcpPort());
    }

    @Test
    void refusedConnectionFailsQuickly() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        UpstreamCluster c = UpstreamCluster.compile(cluster(closedPort, timeouts(Duration.ofSeconds(30), LONG), 0));

        long start = System.nanoTime();
        Throwable cause = failureOf(acquire(c, c.endpoints().get(0)));

        assertThat(cause).isInstanceOf(ConnectException.class).isNotInstanceOf(ConnectTimeoutException.class)
                .hasMessageContaining("upstream 127.0.0.1:" + closedPort + " (cluster 'web')");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(pool.activeCount() + pool.idleCount()).isZero();
    }

    @Test
    void connectTimeoutWhenTheServerNeverAnswersTheSyn() throws Exception {
        try (Blackhole blackhole = Blackhole.open()) {
            Assumptions.assumeTrue(blackhole.isBlackholed(), "could not make a loopback listener drop SYNs");
            UpstreamCluster c = UpstreamCluster.compile(
                    cluster(blackhole.port(), timeouts(Duration.ofMillis(300), LONG), 0));

            Throwable cause = failureOf(acquire(c, c.endpoints().get(0)));

            assertThat(cause).isInstanceOf(ConnectTimeoutException.class).hasMessageContaining("cluster 'web'");
        }
    }

    @Test
    void unresolvableHostFailsWithoutBlockingTheLoop() throws Exception {
        Cluster config = new Cluster("web", List.of(Endpoint.of("no-such-host.invalid", 80)), null, false, null,
                null, null, 0);
        UpstreamCluster c = UpstreamCluster.compile(config);

        Throwable cause = failureOf(acquire(c, c.endpoints().get(0)));

        assertThat(cause).isInstanceOf(UnknownHostException.class).hasMessageContaining("no-such-host.invalid");
    }

    @Test
    void connectionCapFailsFastAndFreesUpOnRelease() throws Exception {
        UpstreamCluster c = UpstreamCluster.compile(cluster(server.port(), timeouts(Duration.ofSeconds(5), LONG), 1));
        EndpointState e = c.endpoints().get(0);
        Future<Channel> held = acquire(c, e);
        Channel ch = held.get(10, TimeUnit.SECONDS);

        Throwable cause = failureOf(acquire(c, e));
        assertThat(cause).isInstanceOf(PoolExhaustedException.class).hasMessageContaining("1 connections");

        t.run(() -> pool.release(ch));
        assertThat(acquire(c, e).get(10, TimeUnit.SECONDS)).isSameAs(ch);
    }

    @Test
    void retiredEndpointsIdleConnectionIsClosed() throws Exception {
        try (Http1TestServer other = Http1TestServer.start()) {
            Cluster both = new Cluster("web", List.of(Endpoint.of("127.0.0.1", server.port()),
                    Endpoint.of("127.0.0.1", other.port())), null, false, null, null, null, 0);
            UpstreamCluster v1 = UpstreamCluster.compile(both);
            EndpointState kept = v1.endpoints().get(0);
            EndpointState removed = v1.endpoints().get(1);
            Exchanges.get(t, pool, v1, kept, "/");
            Exchanges.get(t, pool, v1, removed, "/");
            assertThat(pool.idleCount()).isEqualTo(2);

            Cluster onlyFirst = new Cluster("web", List.of(Endpoint.of("127.0.0.1", server.port())), null, false,
                    null, null, null, 0);
            UpstreamCluster v2 = UpstreamCluster.compile(onlyFirst, v1);

            assertThat(v2.endpoints().get(0)).isSameAs(kept);
            await().untilAsserted(() -> {
                assertThat(other.open).isEmpty();
                assertThat(pool.idleCount()).isEqualTo(1);
            });
            assertThat(server.open).hasSize(1);
        }
    }

    @Test
    void releaseAfterTheEndpointWasRetiredClosesTheConnection() throws Exception {
        UpstreamCluster c = compile(server.port());
        EndpointState e = c.endpoints().get(0);
        Channel ch = acquire(c, e).get(10, TimeUnit.SECONDS);

        c.retire();
        t.run(() -> pool.release(ch));

        await().untilAsserted(() -> assertThat(ch.isOpen()).isFalse());
        assertThat(pool.idleCount() + pool.activeCount()).isZero();
    }

    @Test
    void releaseStripsALeftoverProxyHandler() throws Exception {
        UpstreamCluster c = compile(server.port());
        Channel ch = acquire(c, c.endpoints().get(0)).get(10, TimeUnit.SECONDS);
        t.run(() -> ch.pipeline().addLast(UpstreamConnectionPool.PROXY_HANDLER_NAME,
                new io.netty.channel.ChannelInboundHandlerAdapter()));

        t.run(() -> pool.release(ch));

        assertThat(ch.pipeline().get(UpstreamConnectionPool.PROXY_HANDLER_NAME)).isNull();
        assertThat(pool.idleCount()).isEqualTo(1);
    }

    @Test
    void releaseBeforeTheResponseArrivedClosesInsteadOfPooling() throws Exception {
        UpstreamCluster c = compile(server.port());
        Channel ch = acquire(c, c.endpoints().get(0)).get(10, TimeUnit.SECONDS);
        t.run(() -> ch.writeAndFlush(new io.netty.handler.codec.http.DefaultFullHttpRequest(
                io.netty.handler.codec.http.HttpVersion.HTTP_1_1, io.netty.handler.codec.http.HttpMethod.GET, "/slow")));

        t.run(() -> pool.release(ch));

        await().untilAsserted(() -> assertThat(ch.isOpen()).isFalse());
        assertThat(pool.idleCount()).isZero();
    }

    @Test
    void discardClosesAndForgetsTheConnection() throws Exception {
        UpstreamCluster c = compile(server.port());
        Channel ch = acquire(c, c.endpoints().get(0)).get(10, TimeUnit.SECONDS);
        assertThat(pool.activeCount()).isEqualTo(1);

        pool.discard(ch);

        await().untilAsserted(() -> assertThat(pool.activeCount()).isZero());
        assertThat(pool.idleCount()).isZero();
    }

    @Test
    void usingThePoolOffItsEventLoopIsRejected() {
        UpstreamCluster c = compile(server.port());
        assertThatThrownBy(() -> pool.acquire(c, c.endpoints().get(0)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("outside its event loop");
    }

    @Test
    void closeAllClosesIdleAndBusyConnectionsAndRefusesNewWork() throws Exception {
        UpstreamCluster c = compile(server.port());
        EndpointState e = c.endpoints().get(0);
        Exchanges.get(t, pool, c, e, "/");
        Channel busy = acquire(c, e).get(10, TimeUnit.SECONDS);
        Channel second = acquire(c, e).get(10, TimeUnit.SECONDS);
        assertThat(busy).isNotNull();
        assertThat(second).isNotSameAs(busy);

        pool.closeAll();

        await().untilAsserted(() -> {
            assertThat(server.open).isEmpty();
            assertThat(pool.idleCount() + pool.activeCount()).isZero();
        });
        assertThat(failureOf(acquire(c, e))).isInstanceOf(IllegalStateException.class);
    }

    /**
     * A loopback listener whose accept queue is full and never drained: Linux then drops new SYNs,
     * which is what an unreachable host looks like to the client.
     */
    static final class Blackhole implements AutoCloseable {
        private final ServerSocket listener;
        private final List<Socket> fillers = new ArrayList<>();
        private boolean blackholed;

        private Blackhole() throws IOException {
            listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            for (int i = 0; i < 16 && !blackholed; i++) {
                Socket s = new Socket();
                try {
                    s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort()), 500);
                    fillers.add(s);
                } catch (SocketTimeoutException e) {
                    s.close();
                    blackholed = true;
                }
            }
        }

        static Blackhole open() throws IOException {
            return new Blackhole();
        }

        boolean isBlackholed() {
            return blackholed;
        }

        int port() {
            return listener.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            for (Socket s : fillers) {
                s.close();
            }
            listener.close();
        }
    }

}
