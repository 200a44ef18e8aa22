package io.meshgate.reconcile;

import io.meshgate.resources.Condition;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * What the control plane says about one resource: status fields of its kind (an Ingress's
 * {@code loadBalancer}, an IngressBackend's {@code currentStatus} and {@code reason}) and its
 * conditions. {@link StatusDocument} turns it into the stored {@code status}.
 *
 * @param fields     top-level status fields other than {@code conditions} (copied; empty when none)
 * @param conditions in the order they are shown
 */
public record ReportedStatus(ObjectNode fields, List<Condition> conditions) {

    public ReportedStatus {
        fields = fields == null ? JsonNodeFactory.instance.objectNode() : fields.deepCopy();
        fields.remove("conditions");
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
    }

    /** Only conditions. */
    public static ReportedStatus of(List<Condition> conditions) {
        return new ReportedStatus(null, conditions);
    }

    /**
     * This status with {@code other}'s said as well: the status of a resource that several translators
     * report on (an Egress: the sidecars' translator and the egress gateway's). A condition type both
     * report takes {@code other}'s condition in this one's place; fields likewise.
     */
    public ReportedStatus mergedWith(ReportedStatus other) {
        ObjectNode merged = fields.deepCopy();
        merged.setAll(other.fields);
        return new ReportedStatus(merged, mergeConditions(conditions, other.conditions));
    }

    /** {@code first}, each condition replaced by {@code second}'s of the same type, then {@code second}'s new types. */
    public static List<Condition> mergeConditions(List<Condition> first, List<Condition> second) {
        java.util.LinkedHashMap<String, Condition> byType = new java.util.LinkedHashMap<>();
        first.forEach(c -> byType.put(c.type(), c));
        second.forEach(c -> byType.put(c.type(), c));
        return List.copyOf(byType.values());
    }

    @Override
    public ObjectNode fields() {
        return fields.deepCopy();
    }
}
