package io.meshgate.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgate.config.Endpoint;
import io.meshgate.resources.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Resolves an Ingress backend ({@code service.name} + {@code port.number} or {@code port.name}) through
 * the Service's {@code spec.ports} to the addresses and ports of its Endpoints subsets, as kube-proxy
 * would: the Endpoints port is the one named like the Service port (or the only one, when the Service
 * port has no name).
 */
final class BackendResolver {

    /** What resolving a backend gave: the endpoints behind it, or why there are none to find. */
    sealed interface Resolution permits Resolved, Failure {}

    /** A backend that resolved: the Service port number and the endpoints (maybe none). */
    record Resolved(String namespace, String service, int servicePort, List<Endpoint> endpoints)
            implements Resolution {}

    /** A backend that did not resolve, with the reason and message for the status. */
    record Failure(String reason, String message) implements Resolution {}

    private final ResourceFinder finder;

    BackendResolver(ResourceFinder finder) {
        this.finder = finder;
    }

    /** Resolves {@code backend} in {@code namespace}. */
    Resolution resolve(String namespace, BackendRef backend) {
        String name = backend.service();
        if (name.isEmpty()) {
            return new Failure("UnsupportedBackend", "only service backends are supported (resource backends are not)");
        }
        Optional<Resource> svc = finder.find("Service", namespace, name);
        if (svc.isEmpty()) {
            return new Failure("MissingService", "Service " + namespace + "/" + name + " not found");
        }
        JsonNode servicePort = null;
        for (JsonNode p : svc.get().spec().path("ports")) {
            if (backend.matches(p)) {
                servicePort = p;
                break;
            }
        }
        if (servicePort == null) {
            return new Failure("MissingServicePort", "Service " + namespace + "/" + name + " has no port "
                    + backend.portText());
        }
        return new Resolved(namespace, name, servicePort.path("port").asInt(),
                endpoints(namespace, name, servicePort.path("name").asText("")));
    }

    private List<Endpoint> endpoints(String namespace, String service, String portName) {
        List<Endpoint> out = new ArrayList<>();
        Optional<Resource> eps = finder.find("Endpoints", namespace, service);
        if (eps.isEmpty()) {
            return out;
        }
        for (JsonNode subset : eps.get().field("subsets")) {
            JsonNode ports = subset.path("ports");
            int number = -1;
            for (JsonNode p : ports) {
                if (p.path("name").asText("").equals(portName) || (portName.isEmpty() && ports.size() == 1)) {
                    number = p.path("port").asInt(-1);
                    break;
                }
            }
            if (number < 1 || number > 65535) {
                continue;
            }
            for (JsonNode address : subset.path("addresses")) {
                String ip = address.path("ip").asText("");
                if (!ip.isEmpty()) {
                    out.add(Endpoint.of(ip, number));
                }
            }
        }
        return out;
    }
}
