package io.meshgate.egress.translator;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgate.config.TunnelMode;
import io.meshgate.resources.MeshConfigDefaults;
import io.meshgate.resources.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How the egress gateway serves: MeshConfig {@code spec.egressGateway.mode} and {@code .port}, as FSM's
 * MeshConfig carries them. The one source both sides read, the gateway (its listener) and the sidecars
 * (the tunnels they open to it), so they cannot disagree; the gateway Service only says where the gateway's
 * endpoints are. A field the MeshConfig leaves out (or no MeshConfig at all) takes the default Meshgate stores
 * at first start ({@link MeshConfigDefaults}: {@code http2tunnel}, 1080).
 *
 * <p>Apply-time validation admits only {@code http2tunnel}, {@code sock5} and ports 1..65535, so a bad value
 * comes only from a MeshConfig read without validation (from a cluster). It is not guessed at: the gateway
 * keeps the default and {@link #problems()} names the field.
 *
 * @param mode        CONNECT ({@code http2tunnel}) or SOCKS5 ({@code sock5})
 * @param port        the port the gateway listens on and sidecars tunnel to
 * @param unknownMode the MeshConfig's mode when it is none FSM knows (the default mode is used), else null
 * @param invalidPort the MeshConfig's port when it is no port number (the default port is used), else null
 * @param source      the MeshConfig read, {@code namespace/name}, or null for the defaults
 */
public record EgressGatewaySettings(TunnelMode mode, int port, String unknownMode, String invalidPort, String source) {
    /** The field of the MeshConfig that names the mode. */
    public static final String MODE_FIELD = "spec.egressGateway.mode";
    /** The field of the MeshConfig that names the port. */
    public static final String PORT_FIELD = "spec.egressGateway.port";

    /** The settings of {@code meshConfig}, or the defaults when it is null. */
    public static EgressGatewaySettings from(Resource meshConfig) {
        JsonNode defaults = MeshConfigDefaults.resource().spec().path("egressGateway");
        TunnelMode defaultMode = GatewayMode.parse(defaults.path("mode").asText(GatewayMode.DEFAULT))
                .orElse(TunnelMode.CONNECT);
        int defaultPort = portOf(defaults.path("port")).orElse(EgressGatewayIdentity.DEFAULT_PORT);
        if (meshConfig == null) {
            return new EgressGatewaySettings(defaultMode, defaultPort, null, null, null);
        }
        JsonNode section = meshConfig.spec().path("egressGateway");
        TunnelMode mode = defaultMode;
        String unknownMode = null;
        JsonNode modeNode = section.path("mode");
        if (!modeNode.isMissingNode() && !modeNode.isNull()) {
            Optional<TunnelMode> parsed = modeNode.isTextual() ? GatewayMode.parse(modeNode.textValue()) : Optional.empty();
            if (parsed.isPresent()) {
                mode = parsed.get();
            } else {
                unknownMode = modeNode.isTextual() ? modeNode.textValue() : modeNode.toString();
            }
        }
        int port = defaultPort;
        String invalidPort = null;
        JsonNode portNode = section.path("port");
        if (!portNode.isMissingNode() && !portNode.isNull()) {
            Optional<Integer> parsed = portOf(portNode);
            if (parsed.isPresent()) {
                port = parsed.get();
            } else {
                invalidPort = portNode.isTextual() ? portNode.textValue() : portNode.toString();
            }
        }
        String source = (meshConfig.namespace() == null ? "" : meshConfig.namespace() + "/") + meshConfig.name();
        return new EgressGatewaySettings(mode, port, unknownMode, invalidPort, source);
    }

    /** What the MeshConfig says that could not be used, field first; empty when everything could. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (unknownMode != null) {
            problems.add(MODE_FIELD + " of MeshConfig " + source + " is \"" + unknownMode
                    + "\", not a mode FSM knows (http2tunnel, sock5): the gateway serves " + GatewayMode.nameOf(mode));
        }
        if (invalidPort != null) {
            problems.add(PORT_FIELD + " of MeshConfig " + source + " is \"" + invalidPort
                    + "\", not a port (1..65535): the gateway serves on " + port);
        }
        return List.copyOf(problems);
    }

    private static Optional<Integer> portOf(JsonNode node) {
        return node.isIntegralNumber() && node.canConvertToInt() && node.intValue() > 0 && node.intValue() < 65536
                ? Optional.of(node.intValue()) : Optional.empty();
    }
}
