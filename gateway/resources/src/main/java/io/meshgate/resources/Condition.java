package io.meshgate.resources;

import java.util.Locale;
import java.util.Objects;

/**
 * One status condition of a resource, Kubernetes style: e.g. type {@code Accepted}, status
 * {@code False}, reason {@code InvalidBackend}, and a message for people. The one condition type of
 * every translator and reporter, in both modes: the reconciler turns it into {@code status.conditions}
 * entries, the Kubernetes mode also into Events.
 *
 * @param type    e.g. {@link #ACCEPTED}, {@link #RESOLVED_REFS}, {@link #CONFLICTED}
 * @param status  whether the condition holds
 * @param reason  a CamelCase reason, e.g. {@code MissingSecret}
 * @param message what happened, for people (never null)
 */
public record Condition(String type, Status status, String reason, String message) {
    /** The resource is served (or, False, refused as a whole). */
    public static final String ACCEPTED = "Accepted";
    /** Every object it refers to exists. */
    public static final String RESOLVED_REFS = "ResolvedRefs";
    /** Part of it lost to an older resource claiming the same thing (a problem when True). */
    public static final String CONFLICTED = "Conflicted";

    /** Kubernetes condition status values. */
    public enum Status {
        TRUE, FALSE, UNKNOWN;

        /** TRUE or FALSE. */
        public static Status of(boolean holds) {
            return holds ? TRUE : FALSE;
        }

        /** "True", "False" or "Unknown", as Kubernetes writes them. */
        public String wire() {
            String lower = name().toLowerCase(Locale.ROOT);
            return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
        }
    }

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

    /** True when the status is {@link Status#TRUE}. */
    public boolean holds() {
        return status == Status.TRUE;
    }
}
