package io.meshgate.reconcile;

import java.util.Objects;

/**
 * One status condition a translator reports for a resource, Kubernetes style: e.g. type
 * {@code Accepted}, status {@code False}, reason {@code InvalidBackend}, and a message for people.
 */
public record Condition(String type, Status status, String reason, String message) {

    /** Kubernetes condition status values. */
    public enum Status { TRUE, FALSE, UNKNOWN }

    public Condition {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        message = message == null ? "" : message;
    }

    /** A condition that holds. */
    public static Condition isTrue(String type, String reason, String message) {
        return new Condition(type, Status.TRUE, reason, message);
    }

    /** A condition that does not hold (the resource was refused or only partly used). */
    public static Condition isFalse(String type, String reason, String message) {
        return new Condition(type, Status.FALSE, reason, message);
    }
}
