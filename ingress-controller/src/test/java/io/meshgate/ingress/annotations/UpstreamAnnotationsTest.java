package io.meshgate.ingress.annotations;

import static io.meshgate.resources.IngressAnnotations.UPSTREAM_PROTOCOL;
import static io.meshgate.resources.IngressAnnotations.UPSTREAM_SSL_NAME;
import static io.meshgate.resources.IngressAnnotations.UPSTREAM_SSL_SECRET;
import static io.meshgate.resources.IngressAnnotations.UPSTREAM_SSL_VERIFY;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.config.Cluster;
import io.meshgate.config.PrivateKeyPem;
import io.meshgate.config.UpstreamTls;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link UpstreamSslName}, {@link UpstreamSslSecret}, {@link UpstreamSslVerify}, {@link UpstreamProtocol}. */
class UpstreamAnnotationsTest {

    @Test
    void secretWithCaOnlyGivesVerifiedTlsWithoutClientCertificate() {
        RouteOptions options = AnnotationFixture.options(Map.of(UPSTREAM_SSL_SECRET, "ca-only",
                UPSTREAM_SSL_VERIFY, "true", UPSTREAM_SSL_NAME, "example.com"));
        assertThat(options.upstreamTls()).isEqualTo(new UpstreamTls("example.com", true, AnnotationFixture.CA, null, null));
    }

    @Test
    void namespacedSecretWithCertAndKeyGivesMutualTls() {
        RouteOptions options = AnnotationFixture.options(Map.of(UPSTREAM_SSL_SECRET, "other/mtls"));
        assertThat(options.upstreamTls()).isEqualTo(new UpstreamTls(null, false, AnnotationFixture.CA,
                AnnotationFixture.CERT, PrivateKeyPem.of(AnnotationFixture.KEY)));
    }

    @Test
    void sslNameAloneTurnsTlsOnUnverifiedAsFsmDefaults() {
        RouteOptions options = AnnotationFixture.options(Map.of(UPSTREAM_SSL_NAME, "backend.internal"));
        assertThat(options.upstreamTls()).isEqualTo(new UpstreamTls("backend.internal", false, null, null, null));
        assertThat(options.clusterKey().isDefault()).isFalse();
    }

    @Test
    void verifyWithoutSslNameChecksTheChainOnlyUntilARuleHostIsKnown() {
        RouteOptions options = AnnotationFixture.options(Map.of(UPSTREAM_SSL_SECRET, "ca-only", UPSTREAM_SSL_VERIFY, "true"));
        assertThat(options.upstreamTls()).isEqualTo(new UpstreamTls(null, true, false, AnnotationFixture.CA, null, null));
    }

    @Test
    void verifyWithoutSslNameVerifiesAndSendsTheRuleHost() {
        RouteOptions options = AnnotationFixture.options(Map.of(UPSTREAM_SSL_SECRET, "other/mtls", UPSTREAM_SSL_VERIFY, "true"));
        assertThat(options.forHost("example.com").upstreamTls()).isEqualTo(new UpstreamTls("example.com", true, true,
                AnnotationFixture.CA, AnnotationFixture.CERT, PrivateKeyPem.of(AnnotationFixture.KEY)));
        assertThat(options.forHost("example.com").clusterKey()).isNotEqualTo(options.forHost("other.com").clusterKey());
    }

    @ParameterizedTest(name = "host {0}")
    @ValueSource(strings = {"*", "*.example.com", ""})
    void aWildcardOrEmptyHostKeepsChainOnlyVerification(String host) {
        RouteOptions options = AnnotationFixture.options(Map.of(UPSTREAM_SSL_SECRET, "ca-only", UPSTREAM_SSL_VERIFY, "true"));
        assertThat(options.forHost(host)).isEqualTo(options);
        assertThat(options.forHost(host).upstreamTls().verifyHostName()).isFalse();
    }

    @Test
    void anExplicitSslNameWinsOverTheRuleHost() {
        RouteOptions options = AnnotationFixture.options(Map.of(UPSTREAM_SSL_SECRET, "ca-only",
                UPSTREAM_SSL_VERIFY, "true", UPSTREAM_SSL_NAME, "backend.internal"));
        assertThat(options.forHost("example.com").upstreamTls())
                .isEqualTo(new UpstreamTls("backend.internal", true, true, AnnotationFixture.CA, null, null));
    }

    @Test
    void withoutVerificationTheRuleHostIsNotUsed() {
        RouteOptions options = AnnotationFixture.options(Map.of(UPSTREAM_SSL_SECRET, "ca-only"));
        assertThat(options.forHost("example.com")).isEqualTo(options);
        assertThat(options.upstreamTls().serverName()).isNull();
    }

    @Test
    void plainUpstreamsAreUnaffectedByTheRuleHost() {
        RouteOptions options = AnnotationFixture.options(Map.of(UPSTREAM_SSL_VERIFY, "true"));
        assertThat(options.forHost("example.com")).isEqualTo(options);
    }

    @Test
    void verifyAloneDoesNotTurnTlsOn() {
        assertThat(AnnotationFixture.options(Map.of(UPSTREAM_SSL_VERIFY, "on")).upstreamTls()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"missing,Secret app/missing not found", "nowhere/mtls,Secret nowhere/mtls not found",
            "no-ca,Secret app/no-ca has no ca.crt"})
    void missingSecretOrCaIsReportedAndNoTlsIsConfigured(String reference, String message) {
        AnnotationContext context = AnnotationFixture.context();
        RouteOptions options = IngressAnnotationRegistry.apply(Map.of(UPSTREAM_SSL_SECRET, reference), context);
        assertThat(context.missingSecrets()).containsExactly(UPSTREAM_SSL_SECRET + ": " + message);
        assertThat(options.upstreamTls()).isNull();
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "upstream-ssl-secret|a/b/c", "upstream-ssl-secret|Bad_Name", "upstream-ssl-secret|/name",
            "upstream-ssl-name|not a host", "upstream-ssl-name|-bad.example.com",
            "upstream-ssl-verify|sure", "upstream-protocol|grpc-web", "upstream-protocol|HTTP2"})
    void invalidValuesAreReportedOnTheAnnotation(String shortName, String value) {
        String key = "pipy.ingress.kubernetes.io/" + shortName;
        assertThat(AnnotationFixture.problems(Map.of(key, value))).singleElement().satisfies(e -> {
            assertThat(e.field()).contains(shortName);
            assertThat(e.message()).containsAnyOf("Invalid value", "Unsupported value");
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"GRPC", "grpc", "Grpc"})
    void grpcSpeaksHttp2ToTheUpstream(String value) {
        assertThat(AnnotationFixture.options(Map.of(UPSTREAM_PROTOCOL, value)).protocol())
                .isEqualTo(Cluster.UpstreamProtocol.HTTP2);
    }

    @Test
    void httpProtocolIsTheDefault() {
        assertThat(AnnotationFixture.options(Map.of(UPSTREAM_PROTOCOL, "http")).clusterKey().isDefault()).isTrue();
    }
}
