package io.meshgate.sidecar.translator;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgate.resources.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One TCP port of a Service ({@code spec.ports[]}); UDP and SCTP ports are left out, sidecars
 * intercept TCP only.
 *
 * @param name        the port's name, empty when unnamed
 * @param port        the Service port (what clients dial on the cluster IP)
 * @param targetPort  {@code targetPort} as written: a number, a name, or missing (= {@code port})
 * @param appProtocol {@code appProtocol}, null when unset
 */
public record ServicePort(String name, int port, JsonNode targetPort, String appProtocol) {

    /** The TCP ports of {@code service}, in the Service's order. */
    public static List<ServicePort> of(Resource service) {
        List<ServicePort> out = new ArrayList<>();
        for (JsonNode p : service.spec().path("ports")) {
            if (!p.path("protocol").asText("TCP").toUpperCase(Locale.ROOT).equals("TCP")) {
                continue;
            }
            int port = p.path("port").asInt(0);
            if (port < 1 || port > 65535) {
                continue;
            }
            String appProtocol = p.path("appProtocol").isTextual() ? p.path("appProtocol").asText() : null;
            out.add(new ServicePort(p.path("name").asText(""), port, p.path("targetPort"), appProtocol));
        }
        return out;
    }

    /** How this port is served. */
    public AppProtocols protocol() {
        return AppProtocols.of(appProtocol);
    }

    /** The target port when it is a number (or missing: then the Service port); -1 when it is a name. */
    public int targetPortNumber() {
        if (targetPort == null || targetPort.isMissingNode() || targetPort.isNull()) {
            return port;
        }
        if (targetPort.isIntegralNumber()) {
            return targetPort.asInt();
        }
        String text = targetPort.asText();
        return text.chars().allMatch(Character::isDigit) && !text.isEmpty() ? Integer.parseInt(text) : -1;
    }

    /** The target port's name, or null when it is a number. */
    public String targetPortName() {
        return targetPortNumber() < 0 ? targetPort.asText() : null;
    }
}
