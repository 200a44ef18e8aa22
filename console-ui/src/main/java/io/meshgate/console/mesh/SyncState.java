package io.meshgate.console.mesh;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Where a proxy stands with its config, read from one item of {@code GET /api/v1/proxies}
 * ({@code inSync}, {@code lastSeen}, {@code error}). A workload without a registered sidecar is
 * {@link #NO_SIDECAR}.
 */
public enum SyncState {
    /** It applied the config the control plane wants it to run. */
    IN_SYNC("in sync"),
    /** It connected, but runs an older config than the one published for it (or none yet). */
    BEHIND("not in sync"),
    /** Registered, never connected: nothing runs its config. */
    NEVER_CONNECTED("never connected"),
    /** It reported that the last config failed to apply. */
    ERROR("error"),
    /** No sidecar proxy is registered for the workload. */
    NO_SIDECAR("no sidecar");

    private final String label;

    SyncState(String label) {
        this.label = label;
    }

    /** The words a screen shows. */
    public String label() {
        return label;
    }

    /** The state of a proxies list item; {@link #NO_SIDECAR} for null. */
    public static SyncState of(JsonNode proxy) {
        if (proxy == null || proxy.isNull() || proxy.isMissingNode()) {
            return NO_SIDECAR;
        }
        if (!proxy.path("error").asText("").isEmpty()) { // a JSON null reads as "" too
            return ERROR;
        }
        if (proxy.path("inSync").asBoolean(false)) {
            return IN_SYNC;
        }
        JsonNode seen = proxy.path("lastSeen");
        return seen.isNull() || seen.isMissingNode() || seen.asText("").isEmpty() ? NEVER_CONNECTED : BEHIND;
    }
}
