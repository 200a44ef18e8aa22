package io.meshgate.egress.translator;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgate.resources.MeshConfigDefaults;
import io.meshgate.resources.Resource;

/**
 * The MeshConfig switches the egress gateway follows. A switch the MeshConfig leaves out (or no
 * MeshConfig at all) takes the default Meshgate stores at first start ({@link MeshConfigDefaults}: FSM's
 * Helm preset, where both are on).
 *
 * @param passthrough {@code traffic.enableEgress}: any verified mesh caller may tunnel anywhere
 * @param policies    {@code featureFlags.enableEgressPolicy}: Egress policies become tunnel rules
 */
public record EgressSwitches(boolean passthrough, boolean policies) {

    /** The switches of {@code meshConfig}, or the defaults when it is null. */
    public static EgressSwitches from(Resource meshConfig) {
        JsonNode defaults = MeshConfigDefaults.resource().spec();
        JsonNode spec = meshConfig == null ? defaults : meshConfig.spec();
        return new EgressSwitches(flag(spec, defaults, "traffic", "enableEgress"),
                flag(spec, defaults, "featureFlags", "enableEgressPolicy"));
    }

    private static boolean flag(JsonNode spec, JsonNode defaults, String section, String name) {
        JsonNode value = spec.path(section).path(name);
        return value.isBoolean() ? value.booleanValue() : defaults.path(section).path(name).asBoolean(false);
    }
}
