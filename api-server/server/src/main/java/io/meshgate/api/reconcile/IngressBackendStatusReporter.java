package io.meshgate.api.reconcile;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshgate.db.StoredObject;
import io.meshgate.ingress.IngressBackendStatus;
import io.meshgate.ingress.IngressCondition;
import io.meshgate.resources.Resource;
import io.meshgate.resources.ResourceCodec;
import io.meshgate.resources.ResourceKey;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reports every IngressBackend's status ({@link IngressBackendStatus}): {@code currentStatus},
 * {@code reason} and conditions. Independent of any proxy.
 */
final class IngressBackendStatusReporter implements StatusReporter {
    private final ResourceCodec codec = new ResourceCodec();

    @Override
    public Map<ResourceKey, ReportedStatus> report(ResourceSnapshot snapshot) {
        Map<ResourceKey, ReportedStatus> out = new LinkedHashMap<>();
        IngressBackendStatus.evaluate(parse(snapshot, "IngressBackend"), parse(snapshot, "Service"),
                parse(snapshot, "Endpoints")).forEach((key, status) -> {
            ObjectNode fields = JsonNodeFactory.instance.objectNode();
            fields.put("currentStatus", status.currentStatus());
            fields.put("reason", status.reason());
            out.put(key, new ReportedStatus(fields, status.conditions().stream()
                    .map(IngressBackendStatusReporter::condition).toList()));
        });
        return out;
    }

    private List<Resource> parse(ResourceSnapshot snapshot, String kind) {
        return snapshot.list(kind).stream().map((StoredObject o) -> codec.parseJson(o.bodyJson()).getFirst()).toList();
    }

    private static Condition condition(IngressCondition c) {
        return new Condition(c.type(), c.status() ? Condition.Status.TRUE : Condition.Status.FALSE, c.reason(),
                c.message());
    }

    @Override
    public String toString() {
        return "IngressBackend";
    }
}
