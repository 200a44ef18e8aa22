package io.meshgate.kube;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgate.resources.Resource;

/**
 * The HTTPS port clients use, written into the HTTP-to-HTTPS redirect's {@code Location}. In a
 * cluster clients reach the pods through the publish Service, whose port usually differs from the
 * pod's listener (443 in front of 8443): the Service's port named {@code https}, else its port 443,
 * else (no such port, or no Service) the listener's own port.
 */
final class PublicHttpsPort {
    static final int HTTPS = 443;

    private PublicHttpsPort() {}

    /** The port for {@code publishService} (null when missing) in front of the HTTPS listener's {@code listenerPort}. */
    static int of(Resource publishService, int listenerPort) {
        JsonNode ports = publishService == null ? null : publishService.spec().path("ports");
        if (ports == null || !ports.isArray()) {
            return listenerPort;
        }
        for (JsonNode port : ports) {
            int number = port.path("port").asInt(0);
            if ("https".equals(port.path("name").asText(null)) && number > 0 && number <= 65535) {
                return number;
            }
        }
        for (JsonNode port : ports) {
            if (port.path("port").asInt(0) == HTTPS) {
                return HTTPS;
            }
        }
        return listenerPort;
    }
}
