package io.meshgate.resources.annotations;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.resources.annotations.IngressAnnotation.EditedOn;
import io.meshgate.resources.annotations.IngressAnnotation.Scope;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The table's rows: complete, in order, and each default written in its own grammar. */
class IngressAnnotationTableTest {

    @Test
    void fsmsElevenAnnotationsThenMeshgatesOwnInAFixedOrder() {
        assertThat(IngressAnnotationTable.ALL).extracting(IngressAnnotation::name).containsExactly(
                "pipy.ingress.kubernetes.io/rewrite-target-from",
                "pipy.ingress.kubernetes.io/rewrite-target-to",
                "pipy.ingress.kubernetes.io/session-sticky",
                "pipy.ingress.kubernetes.io/lb-type",
                "pipy.ingress.kubernetes.io/upstream-ssl-name",
                "pipy.ingress.kubernetes.io/upstream-ssl-secret",
                "pipy.ingress.kubernetes.io/upstream-ssl-verify",
                "pipy.ingress.kubernetes.io/tls-verify-client",
                "pipy.ingress.kubernetes.io/tls-verify-depth",
                "pipy.ingress.kubernetes.io/tls-trusted-ca-secret",
                "pipy.ingress.kubernetes.io/upstream-protocol",
                "meshgate.io/ssl-redirect",
                "meshgate.io/tls-passthrough",
                "meshgate.io/tls-passthrough-allowed");
    }

    @Test
    void everyRowSaysWhatItAcceptsDoesAndIsCalled() {
        assertThat(IngressAnnotationTable.ALL).allSatisfy(a -> {
            assertThat(a.grammar().accepted()).as(a.name()).isNotBlank();
            assertThat(a.effect()).as(a.name()).isNotBlank().doesNotContain("\n");
            assertThat(a.label()).as(a.name()).isNotBlank();
            assertThat(a.doc()).as(a.name()).doesNotContain("\n");
        });
    }

    @Test
    void everyDefaultReadsBackAsItself() {
        assertThat(IngressAnnotationTable.ALL).filteredOn(a -> a.defaultValue() != null)
                .allSatisfy(IngressAnnotationTableTest::defaultReadsBack);
    }

    private static <T> void defaultReadsBack(IngressAnnotation<T> a) {
        assertThat(a.parse(a.defaultText().orElseThrow()).valueIfValid()).as(a.name()).contains(a.defaultValue());
    }

    @Test
    void theConsoleEditsThePipyAnnotationsOnTheFormAndPassthroughOnItsScreen() {
        assertThat(IngressAnnotationTable.editedOn(EditedOn.INGRESS_FORM))
                .isEqualTo(IngressAnnotationTable.withPrefix(IngressAnnotationTable.PIPY_PREFIX));
        assertThat(IngressAnnotationTable.editedOn(EditedOn.TLS_PASSTHROUGH_SCREEN))
                .containsExactly(IngressAnnotationTable.TLS_PASSTHROUGH, IngressAnnotationTable.TLS_PASSTHROUGH_ALLOWED)
                .allSatisfy(a -> assertThat(a.scope()).isEqualTo(Scope.TLS_PASSTHROUGH));
    }

    @Test
    void findKnowsEveryRowAndNothingElse() {
        IngressAnnotationTable.ALL.forEach(a -> assertThat(IngressAnnotationTable.find(a.name())).containsSame(a));
        assertThat(IngressAnnotationTable.find("meshgate.io/issued-by")).isEmpty();
    }

    @Test
    void valueInGivesTheTypedValueOrTheDefault() {
        assertThat(IngressAnnotationTable.LB_TYPE.valueIn(Map.of(IngressAnnotationTable.LB_TYPE.name(), "hashing")))
                .isEqualTo(LoadBalancing.HASHING);
        assertThat(IngressAnnotationTable.LB_TYPE.valueIn(Map.of())).isEqualTo(LoadBalancing.ROUND_ROBIN);
        assertThat(IngressAnnotationTable.TLS_PASSTHROUGH.valueIn(Map.of("meshgate.io/tls-passthrough", "On"))).isTrue();
        assertThat(IngressAnnotationTable.SSL_REDIRECT.valueIn(Map.of())).isTrue();
        assertThat(IngressAnnotationTable.UPSTREAM_SSL_SECRET.valueIn(Map.of())).isNull();
    }

    @Test
    void typedValues() {
        assertThat(IngressAnnotationTable.UPSTREAM_PROTOCOL.parse("grpc").valueIfValid()).contains(BackendProtocol.GRPC);
        assertThat(IngressAnnotationTable.TLS_VERIFY_DEPTH.parse("007").valueIfValid()).contains(7);
        assertThat(IngressAnnotationTable.TLS_TRUSTED_CA_SECRET.parse("ca").valueIfValid())
                .contains(new SecretReference(null, "ca"));
        assertThat(IngressAnnotationTable.UPSTREAM_SSL_SECRET.parse("fsm-system/ca").valueIfValid()).hasValueSatisfying(r ->
                assertThat(r.namespaceOr("app")).isEqualTo("fsm-system"));
        assertThat(IngressAnnotationTable.REWRITE_TARGET_FROM.parse("^/api/(v[0-9])/(.*)").valueIfValid())
                .hasValueSatisfying(p -> assertThat(p.groupCount()).isEqualTo(2));
        assertThat(IngressAnnotationTable.REWRITE_TARGET_TO.parse("/$2/$$/$1").valueIfValid())
                .contains(new RewriteTemplate("/$2/$$/$1", List.of(2, 1), false));
    }

    @Test
    void errorsNameWhatIsAccepted() {
        assertThat(IngressAnnotationTable.UPSTREAM_PROTOCOL.problem("HTTP3"))
                .contains("Unsupported value: \"HTTP3\": supported values: \"GRPC\", \"HTTP\"");
        assertThat(IngressAnnotationTable.TLS_PASSTHROUGH.problem("maybe")).hasValueSatisfying(m ->
                assertThat(m).startsWith("Unsupported value: \"maybe\": supported values: \"1\", \"t\", \"true\""));
        assertThat(IngressAnnotationTable.TLS_VERIFY_DEPTH.problem("-1"))
                .contains("Invalid value: \"-1\": must be an integer from 0 to 100");
        assertThat(IngressAnnotationTable.UPSTREAM_SSL_SECRET.problem("Ns/x")).hasValueSatisfying(m ->
                assertThat(m).startsWith("Invalid value: \"Ns/x\": must be name or namespace/name: namespace must be"));
    }
}
