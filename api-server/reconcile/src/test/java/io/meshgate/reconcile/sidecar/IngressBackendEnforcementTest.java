package io.meshgate.reconcile.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.reconcile.ProxyIdentity;
import io.meshgate.reconcile.ReportedStatus;
import io.meshgate.reconcile.ResourceSnapshot;
import io.meshgate.reconcile.ingress.IngressBackendStatusReporter;
import io.meshgate.resources.Condition;
import io.meshgate.resources.Resource;
import io.meshgate.resources.ResourceKey;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An IngressBackend is {@code Enforced: True} once a sidecar runs in front of each backend Service
 * (and the MeshConfig lets it enforce), {@code NoSidecarsYet} until then.
 */
class IngressBackendEnforcementTest {
    private static final ResourceKey POLICY = new ResourceKey("IngressBackend", "httpbin", "httpbin");
    private static final ProxyIdentity HTTPBIN_SIDECAR = new ProxyIdentity(SidecarFixtures.HTTPBIN, "sidecar");

    private static Condition enforced(List<Resource> resources, List<ProxyIdentity> proxies) {
        ResourceSnapshot snapshot = SidecarFixtures.snapshot(1, 1, resources);
        Map<ResourceKey, ReportedStatus> report = new IngressBackendStatusReporter().report(snapshot, proxies);
        ReportedStatus status = report.get(POLICY);
        assertThat(status.fields().path("currentStatus").asText()).isEqualTo("committed");
        return status.conditions().stream().filter(c -> c.type().equals("Enforced")).findFirst().orElseThrow();
    }

    @Test
    void aSidecarInFrontOfTheBackendEnforcesIt() {
        Condition condition = enforced(SidecarFixtures.mesh(), List.of(HTTPBIN_SIDECAR));
        assertThat(condition.holds()).isTrue();
        assertThat(condition.reason()).isEqualTo("Enforced");
        assertThat(condition.message()).contains("httpbin/httpbin");
    }

    @Test
    void withoutTheBackendsSidecarItIsNotEnforcedYet() {
        // no proxy at all, another workload's sidecar, an ingress gateway named like a sidecar
        for (List<ProxyIdentity> proxies : List.of(List.<ProxyIdentity>of(),
                List.of(new ProxyIdentity(SidecarFixtures.CURL, "sidecar")),
                List.of(new ProxyIdentity(SidecarFixtures.HTTPBIN, "ingress")))) {
            Condition condition = enforced(SidecarFixtures.mesh(), proxies);
            assertThat(condition.holds()).isFalse();
            assertThat(condition.reason()).isEqualTo("NoSidecarsYet");
            assertThat(condition.message()).contains("httpbin/httpbin", "any source");
        }
        // the sidecar is registered but its Pod is gone
        Condition gone = enforced(SidecarFixtures.without(SidecarFixtures.mesh(), "Pod", "httpbin",
                "httpbin-5b8b94b9-lt2vs"), List.of(HTTPBIN_SIDECAR));
        assertThat(gone.reason()).isEqualTo("NoSidecarsYet");
    }

    @Test
    void permissiveModeAdmitsMeshPeersOnlySoItIsEnforcedThereToo() {
        Condition condition = enforced(SidecarFixtures.permissive(SidecarFixtures.mesh(), true), List.of(HTTPBIN_SIDECAR));
        assertThat(condition.holds()).isTrue();
        assertThat(condition.reason()).isEqualTo("Enforced");
    }

    @Test
    void theOneArgumentReportKnowsNoSidecars() {
        ResourceSnapshot snapshot = SidecarFixtures.snapshot(1, 1, SidecarFixtures.mesh());
        assertThat(new IngressBackendStatusReporter().report(snapshot).get(POLICY).conditions())
                .extracting(Condition::type, Condition::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("ResolvedRefs", "ResolvedRefs"),
                        org.assertj.core.groups.Tuple.tuple("Enforced", "NoSidecarsYet"));
    }
}
