package io.meshgate.kube;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.List;

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
    static int of(Service publishService, int listenerPort) {
        List<ServicePort> ports = publishService == null || publishService.getSpec() == null
                || publishService.getSpec().getPorts() == null ? List.of() : publishService.getSpec().getPorts();
        for (ServicePort port : ports) {
            if ("https".equals(port.getName()) && valid(port.getPort())) {
                return port.getPort();
            }
        }
        for (ServicePort port : ports) {
            if (port.getPort() != null && port.getPort() == HTTPS) {
                return HTTPS;
            }
        }
        return listenerPort;
    }

    private static boolean valid(Integer port) {
        return port != null && port > 0 && port <= 65535;
    }
}
