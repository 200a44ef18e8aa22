package io.meshgate.ingress.annotations;

import static io.meshgate.resources.IngressAnnotations.TLS_TRUSTED_CA_SECRET;
import static io.meshgate.resources.IngressAnnotations.TLS_VERIFY_CLIENT;
import static io.meshgate.resources.IngressAnnotations.TLS_VERIFY_DEPTH;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.config.ClientValidation;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link TlsTrustedCaSecret}, {@link TlsVerifyClient}, {@link TlsVerifyDepth}: client certificates per host. */
class ClientTlsAnnotationsTest {

    @ParameterizedTest(name = "verify-client={0} mesh mTLS={1}")
    @CsvSource({"on,false,true", "true,true,true", "off,true,true", "off,false,false", "'',false,false"})
    void trustedCaIsEnforcedWhenTheIngressOrMeshConfigAsks(String verifyClient, boolean meshMtls, boolean enforced) {
        RouteOptions options = AnnotationFixture.options(Map.of(TLS_TRUSTED_CA_SECRET, "other/mtls",
                TLS_VERIFY_CLIENT, verifyClient, TLS_VERIFY_DEPTH, "2"));
        assertThat(options.clientValidation(meshMtls))
                .isEqualTo(enforced ? new ClientValidation(AnnotationFixture.CA, 2, true) : null);
        assertThat(options.clusterKey().isDefault()).as("client TLS is a host setting, not a cluster one").isTrue();
    }

    @Test
    void verifyClientWithoutTrustedCaValidatesNothing() {
        assertThat(AnnotationFixture.options(Map.of(TLS_VERIFY_CLIENT, "on")).clientValidation(true)).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"0,0", "1,1", "7,7", "100,100"})
    void verifyDepthAcceptsZeroToHundred(String value, int depth) {
        assertThat(AnnotationFixture.options(Map.of(TLS_VERIFY_DEPTH, value)).verifyDepth()).isEqualTo(depth);
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"-1", "101", "1000", "one", "", " 1", "1.5"})
    void verifyDepthRejectsTheRest(String value) {
        assertThat(AnnotationFixture.problems(Map.of(TLS_VERIFY_DEPTH, value))).singleElement().satisfies(e -> {
            assertThat(e.field()).contains("tls-verify-depth");
            assertThat(e.message()).contains("integer from 0 to 100");
        });
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {"tls-verify-client|always", "tls-trusted-ca-secret|ns/na me",
            "tls-trusted-ca-secret|Upper/ca"})
    void invalidValuesAreReportedOnTheAnnotation(String shortName, String value) {
        assertThat(AnnotationFixture.problems(Map.of("pipy.ingress.kubernetes.io/" + shortName, value)))
                .singleElement().satisfies(e -> assertThat(e.field()).contains(shortName));
    }

    @Test
    void missingTrustedCaSecretIsReported() {
        AnnotationContext context = AnnotationFixture.context();
        RouteOptions options = IngressAnnotationRegistry.apply(Map.of(TLS_TRUSTED_CA_SECRET, "client-ca"), context);
        assertThat(context.missingSecrets()).containsExactly(TLS_TRUSTED_CA_SECRET + ": Secret app/client-ca not found");
        assertThat(options.trustedClientCa()).isNull();
    }
}
