package io.meshgate.ingress;

import java.util.Objects;

/**
 * One status condition of an Ingress, Kubernetes style.
 *
 * @param type    e.g. {@code Accepted}, {@code ResolvedRefs}, {@code Conflicted}
 * @param status  whether the condition holds
 * @param reason  a CamelCase reason, e.g. {@code MissingSecret}
 * @param message what happened, for people
 */
public record IngressCondition(String type, boolean status, String reason, String message) {
    public static final String ACCEPTED = "Accepted";
    public static final String RESOLVED_REFS = "ResolvedRefs";
    public static final String CONFLICTED = "Conflicted";

    public IngressCondition {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(reason, "reason");
        message = message == null ? "" : message;
    }

    public static IngressCondition isTrue(String type, String reason, String message) {
        return new IngressCondition(type, true, reason, message);
    }

    public static IngressCondition isFalse(String type, String reason, String message) {
        return new IngressCondition(type, false, reason, message);
    }
}
