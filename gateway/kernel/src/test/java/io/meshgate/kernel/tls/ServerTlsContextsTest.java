package io.meshgate.kernel.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshgate.config.DownstreamTls;
import io.meshgate.config.PrivateKeyPem;
import io.meshgate.config.ServerCertificate;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslProvider;
import io.netty.pkitesting.X509Bundle;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Certificate selection by SNI and Host, the misdirected-request rule, and config errors. */
class ServerTlsContextsTest {
    private static final X509Bundle CA = TestPki.rootCa("contexts test CA");
    private static final X509Bundle CLIENT_CA = TestPki.rootCa("contexts client CA");
    private static final X509Bundle A = TestPki.server(CA, "a.example.com");
    private static final X509Bundle WILD = TestPki.server(CA, "*.wild.example.com");
    private static final X509Bundle MTLS = TestPki.server(CA, "mtls.example.com");
    private static final X509Bundle FALLBACK = TestPki.server(CA, "default.example.com");

    private static final ServerCertificate A_CERT = TestPki.serverCertificate(A, null, "a.example.com");
    private static final ServerCertificate WILD_CERT = TestPki.serverCertificate(WILD, null, "*.wild.example.com");
    private static final ServerCertificate MTLS_CERT = TestPki.serverCertificate(MTLS,
            TestPki.trusting(CLIENT_CA, 1, true), "mtls.example.com", "*.secure.example.com");
    private static final ServerCertificate DEFAULT_CERT = TestPki.serverCertificate(FALLBACK, null, "default.example.com");

    private static final ServerTlsContexts CONTEXTS = ServerTlsContexts.build(
            new DownstreamTls(List.of(A_CERT, WILD_CERT, MTLS_CERT), DEFAULT_CERT), true, SslProvider.JDK);

    @Test
    void exactNameSelectsItsCertificate() {
        assertThat(CONTEXTS.certificateFor("a.example.com")).isSameAs(A_CERT);
        assertThat(CONTEXTS.contextFor("a.example.com")).isSameAs(CONTEXTS.contextFor("A.Example.COM."));
    }

    @Test
    void wildcardCoversExactlyOneLabel() {
        assertThat(CONTEXTS.certificateFor("x.wild.example.com")).isSameAs(WILD_CERT);
        assertThat(CONTEXTS.certificateFor("x.y.wild.example.com")).isSameAs(DEFAULT_CERT);
        assertThat(CONTEXTS.certificateFor("wild.example.com")).isSameAs(DEFAULT_CERT);
        assertThat(CONTEXTS.certificateFor(".wild.example.com")).isSameAs(DEFAULT_CERT);
    }

    @Test
    void exactNameWinsOverAWildcardThatAlsoMatches() {
        ServerCertificate exact = TestPki.serverCertificate(A, null, "www.wild.example.com");
        ServerTlsContexts contexts = ServerTlsContexts.build(
                new DownstreamTls(List.of(WILD_CERT, exact), null), false, SslProvider.JDK);
        assertThat(contexts.certificateFor("www.wild.example.com")).isSameAs(exact);
        assertThat(contexts.certificateFor("api.wild.example.com")).isSameAs(WILD_CERT);
    }

    @Test
    void unknownMissingOrEmptySniGetsTheDefault() {
        SslContext fallback = CONTEXTS.contextFor("default.example.com");
        assertThat(CONTEXTS.contextFor("unknown.example.org")).isSameAs(fallback);
        assertThat(CONTEXTS.contextFor(null)).isSameAs(fallback);
        assertThat(CONTEXTS.contextFor("")).isSameAs(fallback);
    }

    @Test
    void withoutAnExplicitDefaultTheFirstCertificateIsTheDefault() {
        ServerTlsContexts contexts = ServerTlsContexts.build(
                new DownstreamTls(List.of(A_CERT, WILD_CERT), null), false, SslProvider.JDK);
        assertThat(contexts.certificateFor("unknown.example.org")).isSameAs(A_CERT);
        assertThat(contexts.contextFor(null)).isSameAs(contexts.contextFor("a.example.com"));
    }

    @Test
    void hostLookupIgnoresPortCaseAndTrailingDot() {
        assertThat(CONTEXTS.certificateFor("A.example.com:8443")).isSameAs(A_CERT);
        assertThat(CONTEXTS.certificateFor("a.example.com.:443")).isSameAs(A_CERT);
        assertThat(CONTEXTS.certificateFor("[::1]:8443")).isSameAs(DEFAULT_CERT);
    }

    @Test
    void hostOfAnMtlsCertificateOnAConnectionThatSelectedAnotherIsMisdirected() {
        assertThat(CONTEXTS.misdirected("a.example.com", "mtls.example.com")).isTrue();
        assertThat(CONTEXTS.misdirected(null, "mtls.example.com")).isTrue();
        assertThat(CONTEXTS.misdirected("unknown.example.org", "api.secure.example.com:443")).isTrue();
    }

    @Test
    void hostServedByTheCertificateTheSniSelectedIsNotMisdirected() {
        assertThat(CONTEXTS.misdirected("mtls.example.com", "mtls.example.com")).isFalse();
        // two names of one certificate entry: the same client-certificate policy was applied
        assertThat(CONTEXTS.misdirected("api.secure.example.com", "mtls.example.com:8443")).isFalse();
    }

    @Test
    void hostsWithoutClientValidationAreNeverMisdirected() {
        assertThat(CONTEXTS.misdirected("a.example.com", "x.wild.example.com")).isFalse();
        assertThat(CONTEXTS.misdirected("mtls.example.com", "a.example.com")).isFalse();
        assertThat(CONTEXTS.misdirected(null, "unknown.example.org")).isFalse();
    }

    @Test
    void anMtlsDefaultCertificateProtectsUnknownHostsToo() {
        ServerTlsContexts contexts = ServerTlsContexts.build(
                new DownstreamTls(List.of(A_CERT), MTLS_CERT), false, SslProvider.JDK);
        assertThat(contexts.misdirected("a.example.com", "unknown.example.org")).isTrue();
        assertThat(contexts.misdirected(null, "unknown.example.org")).isFalse();
    }

    @Test
    void alpnOffersH2OnlyWhenAsked() {
        assertThat(CONTEXTS.contextFor("a.example.com").applicationProtocolNegotiator().protocols())
                .containsExactly("h2", "http/1.1");
        ServerTlsContexts http1 = ServerTlsContexts.build(new DownstreamTls(List.of(A_CERT), null), false, SslProvider.JDK);
        assertThat(http1.contextFor("a.example.com").applicationProtocolNegotiator().protocols())
                .containsExactly("http/1.1");
    }

    @Test
    void unreadableCertificateIsRejectedNamingTheServerNames() {
        ServerCertificate broken = new ServerCertificate(List.of("broken.example.com"),
                "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
                PrivateKeyPem.of(A.getPrivateKeyPEM()), null);
        assertThatThrownBy(() -> ServerTlsContexts.build(new DownstreamTls(List.of(broken), null), false, SslProvider.JDK))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("broken.example.com");
    }

    @Test
    void keyOfAnotherCertificateIsRejected() {
        ServerCertificate mismatched = new ServerCertificate(List.of("a.example.com"), A.getCertificatePathPEM(),
                PrivateKeyPem.of(WILD.getPrivateKeyPEM()), null);
        assertThatThrownBy(() -> ServerTlsContexts.build(new DownstreamTls(List.of(mismatched), null), false, SslProvider.JDK))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a.example.com")
                .hasMessageContaining("does not match");
    }

    @Test
    void unreadableTrustedCaIsRejected() {
        ServerCertificate badCa = new ServerCertificate(List.of("b.example.com"), A.getCertificatePathPEM(),
                PrivateKeyPem.of(A.getPrivateKeyPEM()),
                new io.meshgate.config.ClientValidation("not a pem", 1, true));
        assertThatThrownBy(() -> ServerTlsContexts.build(new DownstreamTls(List.of(badCa), null), false, SslProvider.JDK))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("b.example.com");
    }

    @Test
    void aNameOnTwoCertificatesIsRejected() {
        ServerCertificate again = TestPki.serverCertificate(WILD, null, "a.example.com");
        assertThatThrownBy(() -> ServerTlsContexts.build(new DownstreamTls(List.of(A_CERT, again), null), false, SslProvider.JDK))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a.example.com");
    }

    @Test
    void malformedPatternsAreRejected() {
        for (String pattern : List.of("*", "a.*.example.com", "*example.com", "a b.example.com", "**.example.com")) {
            ServerCertificate cert = TestPki.serverCertificate(A, null, pattern);
            assertThatThrownBy(() -> ServerTlsContexts.build(new DownstreamTls(List.of(cert), null), false, SslProvider.JDK))
                    .as(pattern)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void theDefaultListedAmongTheCertificatesIsOneEntry() {
        ServerTlsContexts contexts = ServerTlsContexts.build(
                new DownstreamTls(List.of(A_CERT, MTLS_CERT), MTLS_CERT), false, SslProvider.JDK);
        assertThat(contexts.misdirected(null, "mtls.example.com")).isFalse();
        assertThat(contexts.contextFor(null)).isSameAs(contexts.contextFor("mtls.example.com"));
    }
}
