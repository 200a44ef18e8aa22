package io.meshgate.kernel.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.config.json.ConfigSamples;
import io.meshgate.config.ProxyConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpServerCodec;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The admin listener's rules by peer address, with the peer's address set on an embedded channel:
 * loopback may do everything, other peers only read, and only with the secret when one is set.
 */
class AdminAccessTest {
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 40000);
    private static final InetSocketAddress MAPPED_LOOPBACK = new InetSocketAddress("::ffff:127.0.0.1", 40000);
    private static final InetSocketAddress POD_NETWORK = new InetSocketAddress("10.244.0.1", 40000);

    private final AtomicInteger quits = new AtomicInteger();
    private final AtomicReference<String> secret = new AtomicReference<>();
    private final Sources sources = new Sources(quits);

    @Test
    void aLoopbackPeerMayReadAndQuitWithoutACredential() {
        AdminAccess access = AdminAccess.remoteReadsWithBearer(secret::get);

        assertThat(status(access, LOOPBACK, HttpMethod.GET, "/stats", null)).isEqualTo(200);
        assertThat(status(access, LOOPBACK, HttpMethod.POST, "/quitquitquit", null)).isEqualTo(200);
        assertThat(status(access, MAPPED_LOOPBACK, HttpMethod.POST, "/quitquitquit", null)).isEqualTo(200);
        assertThat(quits.get()).isEqualTo(2);
    }

    @Test
    void aRemotePeerMayReadEveryReadOnlyEndpointButNeverQuit() {
        AdminAccess open = AdminAccess.REMOTE_READS_OPEN;

        for (String path : new String[] {"/ready", "/stats", "/stats/prometheus", "/metrics", "/config_dump",
                "/clusters", "/listeners", "/certs"}) {
            assertThat(status(open, POD_NETWORK, HttpMethod.GET, path, null)).as(path).isEqualTo(200);
        }
        assertThat(status(open, POD_NETWORK, HttpMethod.POST, "/quitquitquit", null)).isEqualTo(403);
        assertThat(quits.get()).isZero();
    }

    @Test
    void aPeerWithoutAnIpAddressCountsAsRemote() {
        assertThat(status(AdminAccess.REMOTE_READS_OPEN, null, HttpMethod.POST, "/quitquitquit", null)).isEqualTo(403);
        assertThat(quits.get()).isZero();
    }

    @Test
    void withASecretARemotePeerNeedsTheBearerEvenToLearnThePaths() {
        AdminAccess access = AdminAccess.remoteReadsWithBearer(secret::get);

        assertThat(status(access, POD_NETWORK, HttpMethod.GET, "/stats", "Bearer s3cret")).isEqualTo(503);
        secret.set("s3cret");
        assertThat(status(access, POD_NETWORK, HttpMethod.GET, "/stats", null)).isEqualTo(401);
        assertThat(status(access, POD_NETWORK, HttpMethod.GET, "/nothing", null)).isEqualTo(401);
        assertThat(status(access, POD_NETWORK, HttpMethod.GET, "/stats", "Bearer s3cre")).isEqualTo(401);
        assertThat(status(access, POD_NETWORK, HttpMethod.GET, "/stats", "Basic s3cret")).isEqualTo(401);
        assertThat(status(access, POD_NETWORK, HttpMethod.GET, "/stats", "Bearer s3cret")).isEqualTo(200);
        assertThat(status(access, POD_NETWORK, HttpMethod.GET, "/config_dump", "bearer s3cret")).isEqualTo(200);
        assertThat(status(access, POD_NETWORK, HttpMethod.POST, "/quitquitquit", "Bearer s3cret")).isEqualTo(403);
        assertThat(quits.get()).isZero();
    }

    @Test
    void theRefusalsSayWhy() {
        secret.set("s3cret");
        FullHttpResponse unauthorized = exchange(AdminAccess.remoteReadsWithBearer(secret::get), POD_NETWORK,
                HttpMethod.GET, "/stats", null);
        FullHttpResponse loopbackOnly = exchange(AdminAccess.REMOTE_READS_OPEN, POD_NETWORK, HttpMethod.POST,
                "/quitquitquit", null);
        try {
            assertThat(unauthorized.headers().get(HttpHeaderNames.WWW_AUTHENTICATE)).startsWith("Bearer");
            assertThat(unauthorized.content().toString(StandardCharsets.UTF_8)).contains("Authorization: Bearer");
            assertThat(loopbackOnly.content().toString(StandardCharsets.UTF_8)).contains("only from loopback");
        } finally {
            unauthorized.release();
            loopbackOnly.release();
        }
    }

    private int status(AdminAccess access, InetSocketAddress peer, HttpMethod method, String path, String authorization) {
        FullHttpResponse response = exchange(access, peer, method, path, authorization);
        try {
            return response.status().code();
        } finally {
            response.release();
        }
    }

    /** One request through the handler on a channel whose remote address is {@code peer}. */
    private FullHttpResponse exchange(AdminAccess access, InetSocketAddress peer, HttpMethod method, String path,
                                      String authorization) {
        EmbeddedChannel server = new PeerChannel(peer);
        server.pipeline().addLast(new HttpServerCodec(), new AdminRequestHandler(sources, "0.0.0.0", access));
        EmbeddedChannel client = new EmbeddedChannel(new HttpClientCodec(), new HttpObjectAggregator(1 << 20));
        try {
            FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, path);
            request.headers().set(HttpHeaderNames.HOST, "10.244.0.7:15000");
            if (authorization != null) {
                request.headers().set(HttpHeaderNames.AUTHORIZATION, authorization);
            }
            client.writeOutbound(request);
            for (Object bytes; (bytes = client.readOutbound()) != null; ) {
                server.writeInbound(bytes);
            }
            for (Object bytes; (bytes = server.readOutbound()) != null; ) {
                client.writeInbound(bytes);
            }
            FullHttpResponse response = client.readInbound();
            assertThat(response).as("an answer to " + method + " " + path).isNotNull();
            return response;
        } finally {
            server.finishAndReleaseAll();
            client.finishAndReleaseAll();
        }
    }

    /** An embedded channel with a remote address of our choice (null: not an IP socket). */
    private static final class PeerChannel extends EmbeddedChannel {
        private final SocketAddress peer;

        PeerChannel(SocketAddress peer) {
            super(false, false);
            this.peer = peer;
            try {
                register(); // after the field is set: the channel caches its remote address
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        protected SocketAddress remoteAddress0() {
            return peer != null ? peer : super.remoteAddress0();
        }
    }

    private static final class Sources implements AdminSources {
        private final KernelMetrics metrics = new KernelMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        private final AtomicInteger quits;

        Sources(AtomicInteger quits) {
            this.quits = quits;
        }

        @Override
        public ProxyConfig currentConfig() {
            return ConfigSamples.everything();
        }

        @Override
        public boolean ready() {
            return true;
        }

        @Override
        public KernelMetrics metrics() {
            return metrics;
        }

        @Override
        public Map<String, String> info() {
            return Map.of();
        }

        @Override
        public Runnable quit() {
            return quits::incrementAndGet;
        }
    }
}
