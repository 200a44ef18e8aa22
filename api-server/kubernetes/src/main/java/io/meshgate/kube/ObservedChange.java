package io.meshgate.kube;

import java.util.Objects;

/**
 * One add, update or delete the informers saw, as JSON, for the audit history. Informers see the
 * result of a write, not the request: who made it is what the object's {@code managedFields} say
 * (the manager of the latest entry), else {@value #UNKNOWN_ACTOR}.
 *
 * @param kind            the resource model's kind ({@code TrafficSplit})
 * @param namespace       "" for cluster-scoped objects
 * @param beforeJson      the object before, null for an add
 * @param afterJson       the object after, null for a delete
 * @param actor           the field manager of the change, or {@value #UNKNOWN_ACTOR}
 * @param resourceVersion the cluster's resourceVersion after the change (of the deleted object for a delete)
 * @param statusOnly      true when only {@code status} changed (a status subresource write)
 */
public record ObservedChange(String kind, String namespace, String name, String beforeJson, String afterJson,
                             String actor, String resourceVersion, boolean statusOnly) {
    /** The actor of a change whose object names no field manager (and of every delete: the deleter is not kept). */
    public static final String UNKNOWN_ACTOR = "kubernetes";

    public ObservedChange {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(actor, "actor");
        namespace = namespace == null ? "" : namespace;
        if (beforeJson == null && afterJson == null) {
            throw new IllegalArgumentException("a change has a before or an after");
        }
    }

    /** Where observed changes go (the audit history); called on fabric8's informer threads. */
    @FunctionalInterface
    public interface Listener {
        Listener NONE = change -> { };

        void observed(ObservedChange change);
    }
}
