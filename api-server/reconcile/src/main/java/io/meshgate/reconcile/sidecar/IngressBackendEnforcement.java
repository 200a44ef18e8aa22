package io.meshgate.reconcile.sidecar;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgate.ingress.IngressBackendStatus;
import io.meshgate.reconcile.ProxyIdentity;
import io.meshgate.reconcile.ResourceSnapshot;
import io.meshgate.resources.Condition;
import io.meshgate.resources.Resource;
import io.meshgate.resources.ResourceKey;
import io.meshgate.sidecar.translator.MeshSettings;
import io.meshgate.sidecar.translator.Pods;
import io.meshgate.sidecar.translator.SidecarInputs;
import io.meshgate.sidecar.translator.Workload;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Whether the sidecars enforce an IngressBackend: its {@code Enforced} condition. An IngressBackend
 * is enforced by the sidecars in front of its backends, so it is {@code True} when every backend
 * Service selects a Pod whose sidecar is registered (a proxy of kind {@code sidecar} named after it)
 * and MeshConfig's {@code featureFlags.enableIngressBackendPolicy} is on. Permissive mode changes
 * nothing: it admits mesh peers only, and ingress clients get in through IngressBackends in both modes
 * (as in FSM). Otherwise it is {@code False}, with reason {@code NoSidecarsYet} or {@code PolicyDisabled}.
 * A pure function of the snapshot and the registered proxies.
 */
public final class IngressBackendEnforcement {
    private final ResourceSnapshot snapshot;
    private final List<Resource> sidecarPods = new ArrayList<>();
    private final MeshSettings settings;

    /** @param proxies the registered proxies */
    public IngressBackendEnforcement(ResourceSnapshot snapshot, List<ProxyIdentity> proxies) {
        this.snapshot = snapshot;
        for (ProxyIdentity proxy : proxies) {
            if (!proxy.kind().equals(Workload.PROXY_KIND)) {
                continue;
            }
            Workload.fromProxyName(proxy.name())
                    .flatMap(w -> snapshot.get(new ResourceKey("Pod", w.namespace(), w.pod())))
                    .filter(Pods::served)
                    .ifPresent(sidecarPods::add);
        }
        this.settings = MeshSettings.from(SidecarInputs.from(snapshot.list("MeshConfig")).meshConfig());
    }

    /** The {@code Enforced} condition of {@code ingressBackend}. */
    public Condition of(Resource ingressBackend) {
        Set<String> unprotected = new LinkedHashSet<>();
        Set<String> backends = new LinkedHashSet<>();
        for (JsonNode backend : ingressBackend.spec().path("backends")) {
            String name = ingressBackend.namespace() + "/" + backend.path("name").asText();
            backends.add(name);
            Optional<Resource> service = snapshot.get(
                    new ResourceKey("Service", ingressBackend.namespace(), backend.path("name").asText()));
            if (service.isEmpty() || sidecarPods.stream().noneMatch(pod -> Pods.selectedBy(service.get(), pod))) {
                unprotected.add(name);
            }
        }
        if (!unprotected.isEmpty()) {
            return Condition.isFalse(IngressBackendStatus.ENFORCED, "NoSidecarsYet", "validated and stored, but not"
                    + " enforced: no Pod of backend Service " + String.join(", ", unprotected) + " runs a mesh sidecar"
                    + " yet, so it accepts ingress traffic from any source");
        }
        if (!settings.ingressBackends()) {
            return Condition.isFalse(IngressBackendStatus.ENFORCED, "PolicyDisabled", "not enforced: MeshConfig"
                    + " featureFlags.enableIngressBackendPolicy is off, so the sidecars ignore IngressBackends");
        }
        return Condition.isTrue(IngressBackendStatus.ENFORCED, "Enforced", "enforced by the sidecars of the Pods of "
                + String.join(", ", backends));
    }
}
