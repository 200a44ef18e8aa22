package io.meshgate.reconcile;

import io.meshgate.resources.Condition;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshgate.config.ProxyConfig;
import io.meshgate.resources.ResourceKey;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a translator made of a snapshot for one proxy: the config and, per resource it looked at,
 * the conditions to show (a bad resource disables only itself; the reason lands here), plus any
 * other status fields of those resources (an Ingress's {@code loadBalancer}).
 */
public record Translation(ProxyConfig config, Map<ResourceKey, List<Condition>> statuses,
                          Map<ResourceKey, ObjectNode> statusFields) {

    public Translation {
        Objects.requireNonNull(config, "config");
        statuses = statuses == null ? Map.of() : Map.copyOf(statuses);
        Map<ResourceKey, ObjectNode> fields = new HashMap<>();
        if (statusFields != null) {
            statusFields.forEach((key, value) -> fields.put(key, value.deepCopy()));
        }
        statusFields = Map.copyOf(fields);
    }

    /** A config with conditions and no other status fields. */
    public Translation(ProxyConfig config, Map<ResourceKey, List<Condition>> statuses) {
        this(config, statuses, Map.of());
    }

    /** A config without any per-resource status. */
    public static Translation of(ProxyConfig config) {
        return new Translation(config, Map.of());
    }

    /** Copies: the records stay immutable although Jackson trees are not. */
    @Override
    public Map<ResourceKey, ObjectNode> statusFields() {
        Map<ResourceKey, ObjectNode> copy = new HashMap<>();
        statusFields.forEach((key, value) -> copy.put(key, value.deepCopy()));
        return copy;
    }

    /** Conditions and status fields together, per resource that has either. */
    public Map<ResourceKey, ReportedStatus> reported() {
        Map<ResourceKey, ReportedStatus> out = new HashMap<>();
        statuses.forEach((key, conditions) -> out.put(key, new ReportedStatus(statusFields.get(key), conditions)));
        statusFields.forEach((key, fields) -> out.putIfAbsent(key, new ReportedStatus(fields, List.of())));
        return out;
    }
}
