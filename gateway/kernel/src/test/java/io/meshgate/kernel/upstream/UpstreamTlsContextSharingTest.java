package io.meshgate.kernel.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshgate.config.Cluster;
import io.meshgate.config.Cluster.UpstreamProtocol;
import io.meshgate.config.ClusterTimeouts;
import io.meshgate.config.Endpoint;
import io.meshgate.config.PrivateKeyPem;
import io.meshgate.config.UpstreamTls;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslProvider;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Clusters whose upstream TLS differs only in the server name share one client context, and the name
 * each connection sends as SNI and verifies stays its own cluster's: a cluster naming a host the
 * server's certificate does not cover still fails its handshake although it shares the context of one
 * that succeeds. Contexts live as long as a cluster uses them.
 */
class UpstreamTlsContextSharingTest extends UpstreamTlsTestBase {
    private static UpstreamTls mtls(String serverName) {
        return new UpstreamTls(serverName, true, TestPki.CA.getCertificatePEM(), TestPki.CLIENT.getCertificatePEM(),
                PrivateKeyPem.of(TestPki.CLIENT.getPrivateKeyPEM()));
    }

    private static UpstreamCluster compile(String name, int port, UpstreamTls tls, SslProvider provider) {
        Cluster c = new Cluster(name, List.of(Endpoint.of("127.0.0.1", port)), null, false,
                new ClusterTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(30)),
                tls, UpstreamProtocol.HTTP1, 0);
        return UpstreamCluster.compile(c, null, provider);
    }

    @ParameterizedTest
    @MethodSource("providers")
    void clustersDifferingOnlyInServerNameShareTheContextButNotTheName(SslProvider provider) throws Exception {
        server = Http1TestServer.startTls(TestPki.serverContext(true, "h2", "http/1.1"));
        UpstreamCluster wrongName = compile("ns/other", server.port(), mtls("other.test"), provider);
        UpstreamCluster rightName = compile("ns/upstream", server.port(), mtls(TestPki.SERVER_NAME), provider);
        UpstreamCluster byAddress = compile("ns/by-ip", server.port(), mtls(null), provider);

        assertThat(rightName.sslContext()).isSameAs(wrongName.sslContext()).isSameAs(byAddress.sslContext());
        // the wrong name first: a context that remembered the first name would then fail the right one too
        assertThat(failureOf(wrongName)).isInstanceOf(SSLException.class);
        assertThat(Exchanges.get(t, pool, rightName, rightName.endpoints().get(0), "/").status()).isEqualTo(200);
        assertThat(Exchanges.get(t, pool, byAddress, byAddress.endpoints().get(0), "/").status()).isEqualTo(200);
        assertThat(failureOf(wrongName)).isInstanceOf(SSLException.class);

        // SNI per connection: the configured names, none for the address (an IP literal is never SNI)
        assertThat(server.sniNames).containsExactly("other.test", TestPki.SERVER_NAME, "", "other.test");
        assertThat(server.clientSubjects).contains("CN=meshgate-proxy");
    }

    @Test
    void anyOtherSettingGetsItsOwnContext() {
        SslProvider provider = SslProvider.JDK;
        SslContext base = UpstreamTlsContexts.build("a", mtls("a.test"), UpstreamProtocol.HTTP1, provider);

        assertThat(UpstreamTlsContexts.build("b", mtls("b.test"), UpstreamProtocol.HTTP1, provider)).isSameAs(base);
        assertThat(UpstreamTlsContexts.build("c", mtls("a.test"), UpstreamProtocol.HTTP2, provider)).isNotSameAs(base);
        assertThat(UpstreamTlsContexts.build("d", new UpstreamTls("a.test", true, TestPki.OTHER_CA.getCertificatePEM(),
                TestPki.CLIENT.getCertificatePEM(), PrivateKeyPem.of(TestPki.CLIENT.getPrivateKeyPEM())),
                UpstreamProtocol.HTTP1, provider)).isNotSameAs(base);
        assertThat(UpstreamTlsContexts.build("e", new UpstreamTls("a.test", true, TestPki.CA.getCertificatePEM(), null, null),
                UpstreamProtocol.HTTP1, provider)).isNotSameAs(base);
        assertThat(UpstreamTlsContexts.build("f", new UpstreamTls("a.test", true, false, TestPki.CA.getCertificatePEM(),
                TestPki.CLIENT.getCertificatePEM(), PrivateKeyPem.of(TestPki.CLIENT.getPrivateKeyPEM())),
                UpstreamProtocol.HTTP1, provider)).isNotSameAs(base);
        assertThat(UpstreamTlsContexts.build("g", new UpstreamTls("a.test", false, null, null, null),
                UpstreamProtocol.HTTP1, provider)).isNotSameAs(base);
        if (OpenSsl.isAvailable()) {
            assertThat(UpstreamTlsContexts.build("h", mtls("a.test"), UpstreamProtocol.HTTP1, SslProvider.OPENSSL))
                    .isNotSameAs(base);
        }
    }

    @Test
    void aBadServerNameIsRefusedEvenWhenTheContextExists() {
        UpstreamTlsContexts.build("good", mtls("a.test"), UpstreamProtocol.HTTP1, SslProvider.JDK);

        assertThatThrownBy(() -> UpstreamTlsContexts.build("bad", mtls("bad_name..test"), UpstreamProtocol.HTTP1, SslProvider.JDK))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cluster 'bad'").hasMessageContaining("'bad_name..test' is not a valid host name");
    }

    @Test
    void aContextIsReleasedOnceNoClusterUsesIt() throws Exception {
        // a key of its own (HTTP/2 + chain-only), so no other test's live context counts here
        UpstreamTls own = new UpstreamTls(null, true, false, TestPki.OTHER_CA.getCertificatePEM(),
                TestPki.CLIENT.getCertificatePEM(), PrivateKeyPem.of(TestPki.CLIENT.getPrivateKeyPEM()));
        UpstreamCluster first = compile("ns/one", 1, own, SslProvider.JDK);
        UpstreamCluster second = compile("ns/two", 2, own, SslProvider.JDK);
        assertThat(first.sslContext()).isSameAs(second.sslContext());
        java.lang.ref.WeakReference<SslContext> context = new java.lang.ref.WeakReference<>(first.sslContext());

        first = null;
        collect(10);
        assertThat(context.get()).as("still used by the second cluster").isNotNull();
        assertThat(compile("ns/three", 3, own, SslProvider.JDK).sslContext()).isSameAs(context.get());

        second = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (context.get() != null && System.nanoTime() < deadline) {
            collect(1);
        }
        assertThat(context.get()).as("released with its last cluster").isNull();
        assertThat(compile("ns/four", 4, own, SslProvider.JDK).sslContext()).isNotNull();
    }

    private static void collect(int rounds) throws InterruptedException {
        for (int i = 0; i < rounds; i++) {
            System.gc();
            Thread.sleep(20);
        }
    }
}
