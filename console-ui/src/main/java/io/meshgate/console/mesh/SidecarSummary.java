package io.meshgate.console.mesh;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * How many sidecars are registered and how many run the config published for them.
 *
 * @param sidecars proxies of kind {@value MeshWorkloads#SIDECAR_KIND}
 * @param inSync   those of them in state {@link SyncState#IN_SYNC}
 */
public record SidecarSummary(int sidecars, int inSync) {

    /** The summary of {@code GET /api/v1/proxies} items (other kinds are left out). */
    public static SidecarSummary of(List<JsonNode> proxies) {
        int sidecars = 0;
        int inSync = 0;
        for (JsonNode proxy : proxies) {
            if (MeshWorkloads.SIDECAR_KIND.equals(proxy.path("kind").asText())) {
                sidecars++;
                if (SyncState.of(proxy) == SyncState.IN_SYNC) {
                    inSync++;
                }
            }
        }
        return new SidecarSummary(sidecars, inSync);
    }

    /** {@code 3 sidecars, 2 in sync} / {@code no sidecars registered}. */
    public String text() {
        if (sidecars == 0) {
            return "no sidecars registered";
        }
        return sidecars + (sidecars == 1 ? " sidecar, " : " sidecars, ") + inSync + " in sync";
    }
}
