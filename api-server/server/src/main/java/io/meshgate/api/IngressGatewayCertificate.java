package io.meshgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgate.resources.schema.Formats;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The MeshConfig's {@code spec.certificate.ingressGateway}: which Secret should hold the ingress
 * gateway's client+server certificate, for which names and how long each certificate lives.
 *
 * @param namespace       the Secret's namespace (the MeshConfig's own when the spec leaves it out)
 * @param name            the Secret's name
 * @param subjectAltNames the certificate's names, in order
 * @param validity        the lifetime of each issued certificate
 */
record IngressGatewayCertificate(String namespace, String name, List<String> subjectAltNames, Duration validity) {
    IngressGatewayCertificate {
        subjectAltNames = List.copyOf(subjectAltNames);
    }

    /**
     * Reads the setting from a MeshConfig body; empty when it is absent or null (the seed's cleanup
     * patches it to null).
     *
     * @throws IllegalArgumentException when the setting is malformed (the MeshConfig validator
     *                                  refuses such objects at apply time, so only an old stored
     *                                  object can get here)
     */
    static Optional<IngressGatewayCertificate> fromMeshConfig(JsonNode meshConfig) {
        JsonNode spec = meshConfig.path("spec").path("certificate").path("ingressGateway");
        if (!spec.isObject()) {
            return Optional.empty();
        }
        String name = spec.path("secret").path("name").asText("");
        String namespace = spec.path("secret").path("namespace").asText("");
        if (namespace.isEmpty()) {
            namespace = meshConfig.path("metadata").path("namespace").asText("");
        }
        List<String> names = new ArrayList<>();
        spec.path("subjectAltNames").forEach(n -> names.add(n.asText()));
        if (name.isEmpty() || namespace.isEmpty() || names.isEmpty()) {
            throw new IllegalArgumentException("spec.certificate.ingressGateway needs secret.name and subjectAltNames");
        }
        Duration validity = Formats.parseDuration(spec.path("validityDuration").asText(""));
        if (validity.isZero()) {
            throw new IllegalArgumentException("spec.certificate.ingressGateway.validityDuration must be positive");
        }
        return Optional.of(new IngressGatewayCertificate(namespace, name, names, validity));
    }
}
