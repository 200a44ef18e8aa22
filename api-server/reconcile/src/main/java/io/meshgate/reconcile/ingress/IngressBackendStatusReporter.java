package io.meshgate.reconcile.ingress;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshgate.ingress.IngressBackendStatus;
import io.meshgate.reconcile.ReportedStatus;
import io.meshgate.reconcile.ResourceSnapshot;
import io.meshgate.reconcile.StatusReporter;
import io.meshgate.resources.ResourceKey;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reports every IngressBackend's status ({@link IngressBackendStatus}): {@code currentStatus},
 * {@code reason} and conditions. Independent of any proxy.
 */
public final class IngressBackendStatusReporter implements StatusReporter {

    @Override
    public Map<ResourceKey, ReportedStatus> report(ResourceSnapshot snapshot) {
        Map<ResourceKey, ReportedStatus> out = new LinkedHashMap<>();
        IngressBackendStatus.evaluate(snapshot.list("IngressBackend"), snapshot.list("Service"),
                snapshot.list("Endpoints")).forEach((key, status) -> {
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
