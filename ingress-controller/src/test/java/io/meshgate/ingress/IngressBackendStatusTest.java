package io.meshgate.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.resources.Condition;
import io.meshgate.resources.Resource;
import io.meshgate.resources.ResourceCodec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** FSM's currentStatus/reason for IngressBackends, plus ResolvedRefs and an honest Enforced: False. */
class IngressBackendStatusTest {
    private static final ResourceCodec CODEC = new ResourceCodec();

    private static Resource yaml(String text) {
        return CODEC.parse(text).getFirst();
    }

    private static Resource policy(String source) {
        return yaml("""
                apiVersion: policy.flomesh.io/v1alpha1
                kind: IngressBackend
                metadata: {name: web, namespace: demo}
                spec:
                  backends:
                  - name: web
                    port: {number: 80, protocol: http}
                  sources:
                  - %s
                  - {kind: IPRange, name: 10.0.0.0/8}
                """.formatted(source));
    }

    private static final Resource SERVICE = yaml("""
            apiVersion: v1
            kind: Service
            metadata: {name: web, namespace: demo}
            spec: {ports: [{port: 80}]}
            """);

    private static Resource endpoints(String namespace, String name, boolean withAddress) {
        return yaml("""
                apiVersion: v1
                kind: Endpoints
                metadata: {name: %s, namespace: %s}
                subsets:
                - %s
                  ports: [{port: 80}]
                """.formatted(name, namespace, withAddress ? "addresses: [{ip: 10.1.1.1}]" : "notReadyAddresses: [{ip: 10.1.1.1}]"));
    }

    private static IngressBackendStatus status(Resource policy, List<Resource> services, List<Resource> endpoints) {
        return IngressBackendStatus.evaluate(List.of(policy), services, endpoints).get(policy.key());
    }

    @Test
    void theFsmIngressSourceAndAnExistingBackendAreCommitted() {
        IngressBackendStatus s = status(policy("{kind: Service, name: fsm-ingress, namespace: fsm-system}"),
                List.of(SERVICE), List.of());
        assertThat(s.currentStatus()).isEqualTo("committed");
        assertThat(s.reason()).isEqualTo("successfully committed by the system");
        assertThat(s.conditions()).extracting(Condition::type, Condition::status, Condition::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("ResolvedRefs", Condition.Status.TRUE, "ResolvedRefs"),
                        org.assertj.core.groups.Tuple.tuple("Enforced", Condition.Status.FALSE, "NoSidecarsYet"));
        assertThat(s.conditions().get(1).message()).contains("not enforced", "sidecars");
    }

    @Test
    void aServiceSourceWithoutReadyEndpointsIsAnErrorAsInFsm() {
        Resource p = policy("{kind: Service, name: nginx, namespace: ingress}");
        IngressBackendStatus none = status(p, List.of(SERVICE), List.of(endpoints("ingress", "nginx", false)));
        assertThat(none.currentStatus()).isEqualTo("error");
        assertThat(none.reason()).isEqualTo("endpoints not found for service ingress/nginx");
        assertThat(none.conditions().getFirst().reason()).isEqualTo("SourceEndpointsNotFound");

        assertThat(status(p, List.of(SERVICE), List.of(endpoints("ingress", "nginx", true))).currentStatus())
                .isEqualTo("committed");
    }

    @Test
    void aMissingBackendServiceIsAnError() {
        IngressBackendStatus s = status(policy("{kind: AuthenticatedPrincipal, name: nginx.ingress.cluster.local}"),
                List.of(), List.of());
        assertThat(s.currentStatus()).isEqualTo("error");
        assertThat(s.reason()).isEqualTo("backend service demo/web not found");
        assertThat(s.conditions().getFirst().status()).isEqualTo(Condition.Status.FALSE);
        assertThat(s.conditions().getFirst().reason()).isEqualTo("BackendNotFound");
    }

    @Test
    void theControlPlaneReplacesTheEnforcedCondition() {
        IngressBackendStatus s = status(policy("{kind: Service, name: fsm-ingress, namespace: fsm-system}"),
                List.of(SERVICE), List.of());
        Condition enforced = Condition.isTrue(IngressBackendStatus.ENFORCED, "Enforced", "by the sidecars of demo/web");
        IngressBackendStatus replaced = s.withEnforced(enforced);
        assertThat(replaced.conditions()).containsExactly(s.conditions().getFirst(), enforced);
        assertThat(replaced.currentStatus()).isEqualTo(s.currentStatus());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.withEnforced(s.conditions().getFirst()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
