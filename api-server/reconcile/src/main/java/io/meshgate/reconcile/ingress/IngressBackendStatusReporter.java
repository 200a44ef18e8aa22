package io.meshgate.reconcile.ingress;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshgate.ingress.IngressBackendStatus;
import io.meshgate.reconcile.ProxyIdentity;
import io.meshgate.reconcile.ReportedStatus;
import io.meshgate.reconcile.ResourceSnapshot;
import io.meshgate.reconcile.StatusReporter;
import io.meshgate.reconcile.sidecar.IngressBackendEnforcement;
import io.meshgate.resources.Resource;
import io.meshgate.resources.ResourceKey;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reports every IngressBackend's status ({@link IngressBackendStatus}): {@code currentStatus},
 * {@code reason} and conditions, whether or not an ingress gateway is registered. Its
 * {@code Enforced} condition follows the registered sidecars ({@link IngressBackendEnforcement}):
 * {@code True} once every backend Service has a Pod with a sidecar (and the MeshConfig lets the
 * sidecars enforce it), {@code NoSidecarsYet} until then.
 */
public final class IngressBackendStatusReporter implements StatusReporter {

    /** The statuses with no sidecar registered. */
    @Override
    public Map<ResourceKey, ReportedStatus> report(ResourceSnapshot snapshot) {
        return report(snapshot, List.of());
    }

    @Override
    public Map<ResourceKey, ReportedStatus> report(ResourceSnapshot snapshot, List<ProxyIdentity> proxies) {
        List<Resource> policies = snapshot.list("IngressBackend");
        IngressBackendEnforcement enforcement = new IngressBackendEnforcement(snapshot, proxies);
        Map<ResourceKey, ReportedStatus> out = new LinkedHashMap<>();
        IngressBackendStatus.evaluate(policies, snapshot.list("Service"), snapshot.list("Endpoints"))
                .forEach((key, evaluated) -> {
                    Resource policy = snapshot.get(key).orElseThrow();
                    IngressBackendStatus status = evaluated.withEnforced(enforcement.of(policy));
                    ObjectNode fields = JsonNodeFactory.instance.objectNode();
                    fields.put("currentStatus", status.currentStatus());
                    fields.put("reason", status.reason());
                    out.put(key, new ReportedStatus(fields, status.conditions()));
                });
        return out;
    }

    @Override
    public String toString() {
        return "IngressBackend";
    }
}
