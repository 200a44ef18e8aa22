package io.meshgate.kernel.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshgate.config.DownstreamTls;
import io.meshgate.kernel.tcp.TestNet;
import io.meshgate.kernel.transport.Transports;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslProvider;
import io.netty.pkitesting.X509Bundle;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Client certificates decided per SNI host, end to end, with both server providers. One listener
 * serves {@code open.example.com} (no client certificate), {@code mtls.example.com} (required,
 * depth 1), {@code deep.example.com} (required, depth 2) and {@code optional.example.com}
 * (optional, depth 1).
 */
class MutualTlsEndToEndTest {
    private static final X509Bundle SERVER_CA = TestPki.rootCa("mtls test server CA");
    private static final X509Bundle CLIENT_CA = TestPki.rootCa("mtls test client CA");
    private static final X509Bundle INTER_1 = TestPki.intermediateCa(CLIENT_CA, "client intermediate 1");
    private static final X509Bundle INTER_2 = TestPki.intermediateCa(INTER_1, "client intermediate 2");
    private static final X509Bundle ALICE = TestPki.client(CLIENT_CA, "alice");
    private static final X509Bundle BOB_ONE_DEEP = TestPki.client(INTER_1, "bob");
    private static final X509Bundle CAROL_TWO_DEEP = TestPki.client(INTER_2, "carol");
    private static final X509Bundle MALLORY = TestPki.client(TestPki.rootCa("rogue CA"), "mallory");

    private static EventLoopGroup group;
    private static final Map<SslProvider, Integer> LISTENERS = new EnumMap<>(SslProvider.class);
    private static final Map<SslProvider, FragmentingProxy> FRAGMENTERS = new EnumMap<>(SslProvider.class);
    private static final List<AutoCloseable> RESOURCES = new ArrayList<>();

    static Stream<SslProvider> providers() {
        return TlsPolicy.openSslAvailable() ? Stream.of(SslProvider.JDK, SslProvider.OPENSSL) : Stream.of(SslProvider.JDK);
    }

    @BeforeAll
    static void start() throws IOException {
        group = Transports.newGroup(2, "mtls-test");
        DownstreamTls tls = new DownstreamTls(List.of(
                TestPki.serverCertificate(TestPki.server(SERVER_CA, "open.example.com"), null, "open.example.com"),
                TestPki.serverCertificate(TestPki.server(SERVER_CA, "mtls.example.com"),
                        TestPki.trusting(CLIENT_CA, 1, true), "mtls.example.com"),
                TestPki.serverCertificate(TestPki.server(SERVER_CA, "deep.example.com"),
                        TestPki.trusting(CLIENT_CA, 2, true), "deep.example.com"),
                TestPki.serverCertificate(TestPki.server(SERVER_CA, "optional.example.com"),
                        TestPki.trusting(CLIENT_CA, 1, false), "optional.example.com")), null);
        for (SslProvider provider : providers().toList()) {
            ServerTlsContexts contexts = ServerTlsContexts.build(tls, true, provider);
            Channel server = TestNet.listen(group, () -> new TlsDispatchHandler(
                    contexts, PassthroughTable.empty(), null, new InfoInstaller()));
            RESOURCES.add(() -> server.close().syncUninterruptibly());
            LISTENERS.put(provider, TestNet.port(server));
            FragmentingProxy fragmenter = new FragmentingProxy(TestNet.port(server), 16);
            RESOURCES.add(fragmenter);
            FRAGMENTERS.put(provider, fragmenter);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable r : RESOURCES) {
            r.close();
        }
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static TlsTestClient presenting(X509Bundle clientCert) {
        return new TlsTestClient(clientCert, SERVER_CA);
    }

    @ParameterizedTest
    @MethodSource("providers")
    void aValidClientCertificateIsAcceptedAndHandedToHttp(SslProvider provider) throws IOException {
        String line = presenting(ALICE).exchange(LISTENERS.get(provider), "mtls.example.com").line();
        assertThat(line).isEqualTo("sni=mtls.example.com alpn=http/1.1 client=CN=alice verified=true");
    }

    @ParameterizedTest
    @MethodSource("providers")
    void theCertificateRequestNamesTheTrustedCa(SslProvider provider) throws IOException {
        TlsTestClient client = presenting(ALICE);
        client.exchange(LISTENERS.get(provider), "mtls.example.com");
        assertThat(client.issuersAskedFor()).extracting(java.security.Principal::getName)
                .containsExactly(CLIENT_CA.getCertificate().getSubjectX500Principal().getName());
    }

    @ParameterizedTest
    @MethodSource("providers")
    void noCertificateIsRefusedWhenRequired(SslProvider provider) {
        assertThatThrownBy(() -> presenting(null).exchange(LISTENERS.get(provider), "mtls.example.com"))
                .isInstanceOf(IOException.class);
    }

    @ParameterizedTest
    @MethodSource("providers")
    void aCertificateFromAnotherCaIsRefused(SslProvider provider) {
        assertThatThrownBy(() -> presenting(MALLORY).exchange(LISTENERS.get(provider), "mtls.example.com"))
                .isInstanceOf(IOException.class);
    }

    @ParameterizedTest
    @MethodSource("providers")
    void depthLimitsTheIntermediates(SslProvider provider) throws IOException {
        int port = LISTENERS.get(provider);
        assertThat(presenting(BOB_ONE_DEEP).exchange(port, "mtls.example.com").line()).contains("client=CN=bob");
        assertThatThrownBy(() -> presenting(CAROL_TWO_DEEP).exchange(port, "mtls.example.com"))
                .as("two intermediates at depth 1").isInstanceOf(IOException.class);
        assertThat(presenting(CAROL_TWO_DEEP).exchange(port, "deep.example.com").line()).contains("client=CN=carol");
    }

    @ParameterizedTest
    @MethodSource("providers")
    void theOpenHostNeitherAsksForNorNeedsACertificate(SslProvider provider) throws IOException {
        int port = LISTENERS.get(provider);
        assertThat(presenting(null).exchange(port, "open.example.com").line())
                .isEqualTo("sni=open.example.com alpn=http/1.1 client=none verified=false");
        // a client willing to present one is not asked to on this host
        assertThat(presenting(MALLORY).exchange(port, "open.example.com").line()).contains("client=none");
    }

    @ParameterizedTest
    @MethodSource("providers")
    void optionalValidationAcceptsNoCertificateButStillChecksOne(SslProvider provider) throws IOException {
        int port = LISTENERS.get(provider);
        assertThat(presenting(null).exchange(port, "optional.example.com").line()).contains("client=none verified=false");
        assertThat(presenting(ALICE).exchange(port, "optional.example.com").line()).contains("client=CN=alice verified=true");
        assertThatThrownBy(() -> presenting(MALLORY).exchange(port, "optional.example.com")).isInstanceOf(IOException.class);
    }

    @ParameterizedTest
    @MethodSource("providers")
    void aFragmentedClientHelloStillGetsTheMtlsPolicyOfItsSni(SslProvider provider) throws IOException {
        // CVE-2026-32305 class: a split ClientHello must not fall back to the default, open policy
        int port = FRAGMENTERS.get(provider).port();
        assertThatThrownBy(() -> presenting(null).exchange(port, "mtls.example.com")).isInstanceOf(IOException.class);
        assertThat(presenting(ALICE).exchange(port, "mtls.example.com").line())
                .isEqualTo("sni=mtls.example.com alpn=http/1.1 client=CN=alice verified=true");
    }
}
