package io.meshgate.console.forms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgate.console.api.FieldProblem;
import io.meshgate.console.api.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The IngressBackend and Egress drafts: round trips, what they send, and where errors land. */
class PolicyDraftsTest {
    private static final JsonNode INGRESS_BACKEND = Json.read("""
            {"apiVersion":"policy.flomesh.io/v1alpha1","kind":"IngressBackend",
             "metadata":{"name":"httpbin","namespace":"shop","resourceVersion":"7","labels":{"app":"httpbin"}},
             "spec":{"backends":[{"name":"httpbin","port":{"number":14001,"protocol":"https"},
                                  "tls":{"skipClientCertValidation":false,"sniHosts":["httpbin.shop"]}}],
                     "sources":[{"kind":"Service","name":"fsm-ingress","namespace":"fsm-system"},
                                {"kind":"AuthenticatedPrincipal","name":"fsm-ingress.fsm-system.cluster.local"}],
                     "matches":[{"apiGroup":"specs.smi-spec.io/v1alpha4","kind":"HTTPRouteGroup","name":"r"}]},
             "status":{"currentStatus":"committed"}}""");

    private static final JsonNode EGRESS = Json.read("""
            {"apiVersion":"policy.flomesh.io/v1alpha1","kind":"Egress",
             "metadata":{"name":"httpbin-80","namespace":"curl"},
             "spec":{"sources":[{"kind":"ServiceAccount","name":"curl","namespace":"curl",
                                 "mtls":{"issuer":"other","cert":{"sn":1,"subjectAltNames":["flomesh.io"],
                                   "expiration":"2030-1-1 00:00:00",
                                   "secret":{"name":"egress-cert","namespace":"fsm-system"}}}}],
                     "hosts":["httpbin.org"],"ipAddresses":["10.0.0.0/8"],
                     "ports":[{"number":80,"protocol":"http"}],
                     "matches":[{"apiGroup":"specs.smi-spec.io/v1alpha4","kind":"HTTPRouteGroup","name":"get"}]}}""");

    @Test
    void ingressBackendRoundTripKeepsWhatTheFormDoesNotShow() {
        IngressBackendDraft draft = IngressBackendDraft.from(INGRESS_BACKEND);
        assertThat(draft.backends.get(0).tls).isEqualTo(IngressBackendDraft.TLS_VERIFY);
        assertThat(draft.backends.get(0).sniHosts).isEqualTo("httpbin.shop");
        JsonNode built = draft.build().object();
        JsonNode expected = INGRESS_BACKEND.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) expected).remove("status");
        assertThat(built).isEqualTo(expected);
        assertThat(LocalValidation.check(built)).isEmpty();
    }

    @Test
    void ingressBackendSkipAndNoTls() {
        IngressBackendDraft draft = IngressBackendDraft.from(INGRESS_BACKEND);
        draft.backends.get(0).tls = IngressBackendDraft.TLS_SKIP;
        draft.sources.get(1).namespace = "ignored-for-principals";
        JsonNode built = draft.build().object();
        assertThat(built.at("/spec/backends/0/tls/skipClientCertValidation").asBoolean()).isTrue();
        assertThat(built.at("/spec/sources/1").has("namespace")).isFalse();
        draft.backends.get(0).tls = IngressBackendDraft.TLS_NONE;
        assertThat(draft.build().object().at("/spec/backends/0").has("tls")).isFalse();
    }

    @Test
    void ingressBackendErrorsLandAtTheirFields() {
        IngressBackendDraft draft = IngressBackendDraft.empty();
        draft.name = "b";
        draft.backends.get(0).name = "web";
        draft.backends.get(0).port = "99999";
        draft.sources.get(0).kind = "IPRange";
        draft.sources.get(0).name = "10.0.0.0/33";
        IngressDraft.Built built = draft.build();
        List<FieldProblem> problems = LocalValidation.check(built.object());
        assertThat(problems).extracting(p -> built.targets().fieldFor(p.field()).orElse("?"))
                .contains("ib-backend-0-port", "ib-source-0-name");
    }

    @Test
    void httpsBackendWithoutPrincipalIsReportedAtTheSources() {
        IngressBackendDraft draft = IngressBackendDraft.from(INGRESS_BACKEND);
        draft.sources.remove(1);
        IngressDraft.Built built = draft.build();
        List<FieldProblem> problems = LocalValidation.check(built.object());
        assertThat(problems).extracting(p -> built.targets().fieldFor(p.field()).orElse("?"))
                .containsExactly("ib-source-0-kind");
    }

    @Test
    void egressRoundTripKeepsMtlsOfTheSameSource() {
        EgressDraft draft = EgressDraft.from(EGRESS);
        assertThat(draft.hosts).isEqualTo("httpbin.org");
        assertThat(draft.matches).hasSize(1);
        assertThat(draft.build().object()).isEqualTo(EGRESS);
        assertThat(LocalValidation.check(EGRESS)).isEmpty();
        draft.sources.get(0).name = "other";
        assertThat(draft.build().object().at("/spec/sources/0").has("mtls")).isFalse();
    }

    @Test
    void egressMatchKindsCarryFsmsApiGroup() {
        EgressDraft draft = EgressDraft.from(EGRESS);
        EgressDraft.Match m = new EgressDraft.Match();
        m.kind = "UpstreamTrafficSetting";
        m.name = "limits";
        draft.matches.add(m);
        draft.hosts = "";
        draft.ipAddresses = " ";
        JsonNode built = draft.build().object();
        assertThat(built.at("/spec/matches/1/apiGroup").asText()).isEqualTo("policy.flomesh.io/v1alpha1");
        assertThat(built.path("spec").has("hosts")).isFalse();
        assertThat(built.path("spec").has("ipAddresses")).isFalse();
        assertThat(LocalValidation.check(built)).isEmpty();
    }

    @Test
    void egressErrorsLandAtTheirFields() {
        EgressDraft draft = EgressDraft.empty();
        draft.name = "e";
        draft.sources.get(0).name = "curl";
        draft.sources.get(0).namespace = "curl";
        draft.hosts = "bad_host!";
        draft.ports.get(0).number = "http";
        IngressDraft.Built built = draft.build();
        List<FieldProblem> problems = LocalValidation.check(built.object());
        assertThat(problems).extracting(p -> built.targets().fieldFor(p.field()).orElse("?"))
                .contains("egress-hosts", "egress-port-0-number");
    }
}
