package io.meshgate.kernel.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.config.Cluster;
import io.meshgate.config.ClusterTimeouts;
import io.meshgate.config.Endpoint;
import io.meshgate.config.PrivateKeyPem;
import io.meshgate.config.UpstreamTls;
import io.netty.channel.Channel;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Upstream TLS end to end on loopback, with BoringSSL (when it loads) and with the JDK provider:
 * chain and host-name verification (including a CN-only certificate), chain-only verification,
 * verify=false, SNI, client certificates, ALPN and the handshake's share of the connect timeout.
 */
class UpstreamTlsTest extends UpstreamTlsTestBase {
    private Http1TestServer startServer(boolean requireClientCert) throws Exception {
        server = Http1TestServer.startTls(TestPki.serverContext(requireClientCert, "h2", "http/1.1"));
        return server;
    }

    private static UpstreamCluster compile(int port, UpstreamTls tls, SslProvider provider) {
        Cluster c = new Cluster("secure", List.of(Endpoint.of("127.0.0.1", port)), null, false,
                new ClusterTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(30)),
                tls, Cluster.UpstreamProtocol.HTTP1, 0);
        return UpstreamCluster.compile(c, null, provider);
    }

    private static UpstreamTls verifying(String serverName, String caPem) {
        return new UpstreamTls(serverName, true, caPem, null, null);
    }

    private Exchanges.Response get(UpstreamCluster c) throws Exception {
        return Exchanges.get(t, pool, c, c.endpoints().get(0), "/");
    }

    @ParameterizedTest
    @MethodSource("providers")
    void verifiesTheServerAgainstTheConfiguredCaAndName(SslProvider provider) throws Exception {
        startServer(false);
        UpstreamCluster c = compile(server.port(), verifying(TestPki.SERVER_NAME, TestPki.CA.getCertificatePEM()), provider);

        assertThat(get(c).status()).isEqualTo(200);
        assertThat(server.sniNames).containsExactly(TestPki.SERVER_NAME);
    }

    @ParameterizedTest
    @MethodSource("providers")
    void withoutServerNameTheEndpointIpIsVerifiedAndNoSniIsSent(SslProvider provider) throws Exception {
        startServer(false);
        UpstreamCluster c = compile(server.port(), verifying(null, TestPki.CA.getCertificatePEM()), provider);

        assertThat(get(c).status()).isEqualTo(200);
        assertThat(server.sniNames).containsExactly("");
    }

    @ParameterizedTest
    @MethodSource("providers")
    void rejectsAServerSignedByAnotherCa(SslProvider provider) throws Exception {
        startServer(false);
        UpstreamCluster c = compile(server.port(), verifying(TestPki.SERVER_NAME, TestPki.OTHER_CA.getCertificatePEM()), provider);

        assertThat(failureOf(c)).isInstanceOf(SSLException.class).hasMessageContaining("TLS handshake failed");
    }

    @ParameterizedTest
    @MethodSource("providers")
    void rejectsAServerWhoseCertificateIsForAnotherName(SslProvider provider) throws Exception {
        startServer(false);
        UpstreamCluster c = compile(server.port(), verifying("other.test", TestPki.CA.getCertificatePEM()), provider);

        assertThat(failureOf(c)).isInstanceOf(SSLException.class);
        assertThat(server.sniNames).containsExactly("other.test");
    }

    @ParameterizedTest
    @MethodSource("providers")
    void aCertificateWithOnlyACommonNameVerifiesByThatName(SslProvider provider) throws Exception {
        server = Http1TestServer.startTls(TestPki.serverContext(TestPki.SERVER_CN_ONLY, false));
        UpstreamCluster c = compile(server.port(), verifying(TestPki.CN_ONLY_NAME, TestPki.CA.getCertificatePEM()), provider);

        // the JDK's host-name check falls back to the subject CN when there is no DNS SAN (RFC 2818)
        assertThat(get(c).status()).isEqualTo(200);
        assertThat(server.sniNames).containsExactly(TestPki.CN_ONLY_NAME);
    }

    @ParameterizedTest
    @MethodSource("providers")
    void aCertificateWithOnlyACommonNameIsRefusedForAnotherName(SslProvider provider) throws Exception {
        server = Http1TestServer.startTls(TestPki.serverContext(TestPki.SERVER_CN_ONLY, false));
        UpstreamCluster c = compile(server.port(), verifying("other.test", TestPki.CA.getCertificatePEM()), provider);

        assertThat(failureOf(c)).isInstanceOf(SSLException.class);
    }

    @ParameterizedTest
    @MethodSource("providers")
    void chainOnlyAcceptsAnyNameSignedByTheTrustedCa(SslProvider provider) throws Exception {
        server = Http1TestServer.startTls(TestPki.serverContext(TestPki.SERVER_CN_ONLY, false));
        UpstreamTls chainOnly = new UpstreamTls(null, true, false, TestPki.CA.getCertificatePEM(), null, null);
        UpstreamCluster c = compile(server.port(), chainOnly, provider);

        // the endpoint address 127.0.0.1 is not in this certificate: only the chain was checked
        assertThat(get(c).status()).isEqualTo(200);
        assertThat(server.sniNames).containsExactly("");
    }

    @ParameterizedTest
    @MethodSource("providers")
    void chainOnlyStillRejectsAServerSignedByAnotherCa(SslProvider provider) throws Exception {
        startServer(false);
        UpstreamTls chainOnly = new UpstreamTls(TestPki.SERVER_NAME, true, false, TestPki.OTHER_CA.getCertificatePEM(), null, null);
        UpstreamCluster c = compile(server.port(), chainOnly, provider);

        assertThat(failureOf(c)).isInstanceOf(SSLException.class).hasMessageContaining("TLS handshake failed");
        assertThat(server.sniNames).containsExactly(TestPki.SERVER_NAME);
    }

    @ParameterizedTest
    @MethodSource("providers")
    void verifyOffAcceptsAnyCertificateAndStillSendsSni(SslProvider provider) throws Exception {
        startServer(false);
        UpstreamCluster c = compile(server.port(), new UpstreamTls("other.test", false, null, null, null), provider);

        assertThat(get(c).status()).isEqualTo(200);
        assertThat(server.sniNames).containsExactly("other.test");
    }

    @ParameterizedTest
    @MethodSource("providers")
    void presentsTheClientCertificateWhenTheServerRequiresOne(SslProvider provider) throws Exception {
        startServer(true);
        UpstreamTls mtls = new UpstreamTls(TestPki.SERVER_NAME, true, TestPki.CA.getCertificatePEM(),
                TestPki.CLIENT.getCertificatePEM(), PrivateKeyPem.of(TestPki.CLIENT.getPrivateKeyPEM()));
        UpstreamCluster c = compile(server.port(), mtls, provider);

        assertThat(get(c).status()).isEqualTo(200);
        assertThat(server.clientSubjects).containsExactly("CN=meshgate-proxy");
    }

    @ParameterizedTest
    @MethodSource("providers")
    void withoutAClientCertificateAnMtlsServerRefuses(SslProvider provider) throws Exception {
        startServer(true);
        UpstreamCluster c = compile(server.port(), verifying(TestPki.SERVER_NAME, TestPki.CA.getCertificatePEM()), provider);

        // TLS 1.3 reports the server's rejection after the client's handshake finished: the
        // failure then shows on the first exchange instead of on acquire
        Throwable failure = null;
        try {
            get(c);
        } catch (Exception e) {
            failure = e;
        }
        assertThat(failure).isNotNull();
        // the server's alert may reach the client's decoder first (wrapped in a DecoderException),
        // or the connection may already be closed: both are the refusal
        Throwable cause = failure.getCause();
        if (cause instanceof io.netty.handler.codec.DecoderException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        assertThat(cause).isInstanceOfAny(SSLException.class, ClosedChannelException.class);
        assertThat(server.clientSubjects).doesNotContain("CN=meshgate-proxy");
    }

    @ParameterizedTest
    @MethodSource("providers")
    void negotiatesHttp11ViaAlpnForHttp1Clusters(SslProvider provider) throws Exception {
        startServer(false);
        UpstreamCluster c = compile(server.port(), verifying(TestPki.SERVER_NAME, TestPki.CA.getCertificatePEM()), provider);

        Channel ch = t.call(() -> pool.acquire(c, c.endpoints().get(0))).get(10, TimeUnit.SECONDS);

        SslHandler ssl = (SslHandler) ch.pipeline().get(UpstreamConnectionPool.SSL_HANDLER_NAME);
        assertThat(ssl.applicationProtocol()).isEqualTo("http/1.1");
        t.run(() -> pool.discard(ch));
    }

    @Test
    void aServerThatNeverAnswersTheHandshakeHitsTheConnectTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Cluster config = new Cluster("secure", List.of(Endpoint.of("127.0.0.1", silent.getLocalPort())), null,
                    false, new ClusterTimeouts(Duration.ofMillis(400), Duration.ofSeconds(30), Duration.ofSeconds(30)),
                    verifying(TestPki.SERVER_NAME, TestPki.CA.getCertificatePEM()), Cluster.UpstreamProtocol.HTTP1, 0);
            UpstreamCluster c = UpstreamCluster.compile(config);
            Thread acceptor = Thread.ofVirtual().start(() -> {
                try (Socket accepted = silent.accept()) {
                    accepted.getInputStream().readAllBytes();
                } catch (Exception ignored) {
                    // the client gives up and closes: that is the point
                }
            });

            Throwable cause = failureOf(c);

            assertThat(cause).isInstanceOf(ConnectTimeoutException.class).hasMessageContaining("TLS handshake");
            acceptor.join(Duration.ofSeconds(10));
        }
    }
}
