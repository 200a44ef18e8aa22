package io.meshgate.console.forms;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Which way Egress traffic leaves the mesh, as the EgressGateway policies say: FSM allows one
 * EgressGateway whose {@code spec.global[]} names the gateway Services every source's egress goes
 * through; with none, each sidecar connects to the destination itself.
 */
public final class EgressPath {
    private EgressPath() {}

    /** "direct", or "egress gateway ns/svc[, ns/svc (weight w)]" for the EgressGateway objects given. */
    public static String describe(List<JsonNode> egressGateways) {
        List<String> gateways = new ArrayList<>();
        for (JsonNode policy : egressGateways) {
            for (JsonNode g : policy.path("spec").path("global")) {
                String service = g.path("namespace").asText(policy.path("metadata").path("namespace").asText())
                        + "/" + g.path("service").asText();
                gateways.add(g.has("weight") ? service + " (weight " + g.path("weight").asText() + ")" : service);
            }
        }
        return gateways.isEmpty() ? "direct" : "egress gateway " + String.join(", ", gateways);
    }
}
