package io.meshgate.ingress;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An Ingress backend as the translator uses it, read once from its JSON: the Service's name and
 * its port, by number or by name ({@code networking.k8s.io/v1} {@code IngressServiceBackend}).
 *
 * @param service    the Service name, empty for a resource backend (not supported)
 * @param portNumber the port number, or null when the port is named
 * @param portName   the port name, or null when the port is numbered
 */
record BackendRef(String service, Integer portNumber, String portName) {

    /** Reads {@code backend} (an Ingress {@code backend} object; missing parts read as empty). */
    static BackendRef of(JsonNode backend) {
        JsonNode service = backend.path("service");
        JsonNode port = service.path("port");
        Integer number = port.has("number") ? port.path("number").asInt() : null;
        String name = number == null && port.has("name") ? port.path("name").asText() : null;
        return new BackendRef(service.path("name").asText(""), number, name);
    }

    /** The port as written: its number, else its name ({@code ?} when the backend names none). */
    String portText() {
        return portNumber != null ? String.valueOf(portNumber) : portName != null ? portName : "?";
    }

    /** True when a Service port ({@code spec.ports[]} entry) is the one this backend names. */
    boolean matches(JsonNode servicePort) {
        return portNumber != null ? servicePort.path("port").asInt(-1) == portNumber
                : portName != null && servicePort.path("name").asText("").equals(portName);
    }
}
