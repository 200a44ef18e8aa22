package io.meshgate.console.mesh;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An IngressBackend's {@code Enforced} condition, as the control plane writes it: {@code True} when
 * the sidecars in front of every backend enforce it; else {@code False} with reason
 * {@code NoSidecarsYet} (a backend Service selects no Pod with a registered sidecar) or
 * {@code PolicyDisabled} (MeshConfig {@code featureFlags.enableIngressBackendPolicy} is off); any
 * other reason is shown as it is.
 *
 * @param state   whether it is enforced, or unknown when no such condition is reported
 * @param reason  the condition's reason, "" when absent
 * @param message the condition's message, "" when absent
 */
public record EnforcedCondition(State state, String reason, String message) {
    public static final String TYPE = "Enforced";

    public enum State { ENFORCED, NOT_ENFORCED, UNKNOWN }

    /** The condition of an IngressBackend object (as the API lists it). */
    public static EnforcedCondition of(JsonNode ingressBackend) {
        for (JsonNode c : ingressBackend.path("status").path("conditions")) {
            if (TYPE.equals(c.path("type").asText())) {
                String status = c.path("status").asText("");
                State state = status.equals("True") ? State.ENFORCED
                        : status.equals("False") ? State.NOT_ENFORCED : State.UNKNOWN;
                return new EnforcedCondition(state, c.path("reason").asText(""), c.path("message").asText(""));
            }
        }
        return new EnforcedCondition(State.UNKNOWN, "", "");
    }

    /** Short words for a badge: {@code enforced}, {@code not enforced: no sidecars yet}, {@code unknown}. */
    public String label() {
        return switch (state) {
            case ENFORCED -> "enforced";
            case UNKNOWN -> "unknown";
            case NOT_ENFORCED -> "not enforced" + switch (reason) {
                case "NoSidecarsYet" -> ": no sidecars yet";
                case "PolicyDisabled" -> ": policy disabled";
                case "" -> "";
                default -> " (" + reason + ")";
            };
        };
    }
}
