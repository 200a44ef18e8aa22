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
