package io.meshgate.kernel.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshgate.config.Cluster;
import io.meshgate.config.ClusterTimeouts;
import io.meshgate.config.Endpoint;
import io.meshgate.config.UpstreamTls;
import io.netty.channel.Channel;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.concurrent.Future;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * HTTP/2 upstreams (gRPC): streams multiplexed on one connection per endpoint, the server's
 * stream limit respected, h2c with prior knowledge and h2 over TLS with ALPN.
 */
class Http2UpstreamTest {
    private final TestLoop t = new TestLoop();
    private final UpstreamConnectionPool pool = new UpstreamConnectionPool(t.loop, Duration.ofMillis(50));
    private Http2TestServer server;

    @AfterEach
    void tearDown() {
        pool.closeAll();
        if (server != null) {
            server.close();
        }
        t.close();
    }

    private static UpstreamCluster compile(int port, UpstreamTls tls, Duration idle) {
        return UpstreamCluster.compile(new Cluster("grpc", List.of(Endpoint.of("127.0.0.1", port)), null, false,
                new ClusterTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30), idle), tls,
                Cluster.UpstreamProtocol.HTTP2, 0));
    }

    private UpstreamCluster cleartext(int maxConcurrentStreams) {
        server = new Http2TestServer(null, maxConcurrentStreams);
        return compile(server.port(), null, Duration.ofSeconds(30));
    }

    @Test
    void twoConcurrentRequestsShareOneTcpConnection() throws Exception {
        UpstreamCluster c = cleartext(100);
        EndpointState e = c.endpoints().get(0);

        var a = Exchanges.start(t, pool, c, e, "/slow");
        var b = Exchanges.start(t, pool, c, e, "/slow");
        var first = a.get(10, TimeUnit.SECONDS);
        var second = b.get(10, TimeUnit.SECONDS);

        assertThat(first.status()).isEqualTo(200);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.tcpPort()).isEqualTo(first.tcpPort());
        assertThat(first.body()).isEqualTo(String.valueOf(first.tcpPort()));
        assertThat(server.accepted).hasValue(1);
        assertThat(server.paths).containsExactly("/slow", "/slow");
    }

    @Test
    void acquireReturnsAStreamChannelAndReleaseKeepsTheConnection() throws Exception {
        UpstreamCluster c = cleartext(100);
        EndpointState e = c.endpoints().get(0);
        Channel stream = t.call(() -> pool.acquire(c, e)).get(10, TimeUnit.SECONDS);
        assertThat(stream).isInstanceOf(Http2StreamChannel.class);
        assertThat(pool.activeCount()).isEqualTo(1);

        t.run(() -> pool.release(stream));

        await().untilAsserted(() -> {
            assertThat(stream.isOpen()).isFalse();
            assertThat(pool.idleCount()).isEqualTo(1);
            assertThat(pool.activeCount()).isZero();
        });
        var later = Exchanges.get(t, pool, c, e, "/");
        assertThat(later.tcpPort()).isEqualTo(Exchanges.tcpPort(stream));
        assertThat(server.accepted).hasValue(1);
    }

    @Test
    void aServerStreamLimitOfOneMakesConcurrentRequestsUseTwoConnections() throws Exception {
        UpstreamCluster c = cleartext(1);
        EndpointState e = c.endpoints().get(0);

        var a = Exchanges.start(t, pool, c, e, "/slow");
        var b = Exchanges.start(t, pool, c, e, "/slow");
        var first = a.get(10, TimeUnit.SECONDS);
        var second = b.get(10, TimeUnit.SECONDS);

        assertThat(first.status()).isEqualTo(200);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.tcpPort()).isNotEqualTo(first.tcpPort());
        assertThat(server.accepted).hasValue(2);
    }

    @Test
    void sequentialRequestsUnderAStreamLimitOfOneReuseTheConnection() throws Exception {
        UpstreamCluster c = cleartext(1);
        EndpointState e = c.endpoints().get(0);

        var first = Exchanges.get(t, pool, c, e, "/");
        await().untilAsserted(() -> assertThat(pool.activeCount()).isZero());
        var second = Exchanges.get(t, pool, c, e, "/");

        assertThat(second.tcpPort()).isEqualTo(first.tcpPort());
        assertThat(server.accepted).hasValue(1);
    }

    @Test
    void afterGoAwayNewRequestsUseANewConnection() throws Exception {
        UpstreamCluster c = cleartext(100);
        EndpointState e = c.endpoints().get(0);
        var first = Exchanges.get(t, pool, c, e, "/");
        await().untilAsserted(() -> assertThat(pool.idleCount()).isEqualTo(1));

        server.goAway();

        await().untilAsserted(() -> assertThat(pool.idleCount()).isZero());
        var second = Exchanges.get(t, pool, c, e, "/");
        assertThat(second.tcpPort()).isNotEqualTo(first.tcpPort());
    }

    @Test
    void idleTimeoutClosesAConnectionWithoutStreams() throws Exception {
        server = new Http2TestServer(null, 100);
        UpstreamCluster c = compile(server.port(), null, Duration.ofMillis(200));
        Exchanges.get(t, pool, c, c.endpoints().get(0), "/");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(server.open).isEmpty();
            assertThat(pool.idleCount()).isZero();
        });
    }

    @Test
    void h2OverTlsNegotiatedWithAlpn() throws Exception {
        server = new Http2TestServer(TestPki.serverContext(false, "h2"), 100);
        UpstreamCluster c = compile(server.port(),
                new UpstreamTls(TestPki.SERVER_NAME, true, TestPki.CA.getCertificatePEM(), null, null),
                Duration.ofSeconds(30));
        EndpointState e = c.endpoints().get(0);

        var a = Exchanges.start(t, pool, c, e, "/slow");
        var b = Exchanges.start(t, pool, c, e, "/slow");

        assertThat(a.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(b.get(10, TimeUnit.SECONDS).tcpPort()).isEqualTo(a.get().tcpPort());
        assertThat(server.accepted).hasValue(1);
    }

    @Test
    void aTlsServerThatDoesNotSpeakH2IsRejected() throws Exception {
        server = new Http2TestServer(TestPki.serverContext(false, "http/1.1"), 100);
        UpstreamCluster c = compile(server.port(),
                new UpstreamTls(TestPki.SERVER_NAME, true, TestPki.CA.getCertificatePEM(), null, null),
                Duration.ofSeconds(30));

        Future<Channel> f = t.call(() -> pool.acquire(c, c.endpoints().get(0)));

        assertThat(f.awaitUninterruptibly(10, TimeUnit.SECONDS)).isTrue();
        assertThat(f.cause()).isInstanceOf(SSLException.class).hasMessageContaining("did not negotiate h2");
        assertThat(pool.idleCount() + pool.activeCount()).isZero();
    }
}
