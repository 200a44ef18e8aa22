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

    @Override
    public ObjectNode fields() {
        return fields.deepCopy();
    }
}
