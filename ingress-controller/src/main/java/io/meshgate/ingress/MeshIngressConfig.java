package io.meshgate.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgate.resources.Resource;

/**
 * The part of MeshConfig {@code spec.ingress} the translator uses, with FSM's defaults
 * (TLS off, mTLS off, passthrough off to port 443) when MeshConfig or a field is absent.
 */
record MeshIngressConfig(boolean tlsEnabled, boolean mutualTls, boolean passthroughEnabled, int passthroughUpstreamPort) {

    static MeshIngressConfig from(Resource meshConfig) {
        JsonNode tls = meshConfig == null ? null : meshConfig.spec().path("ingress").path("tls");
        if (tls == null || !tls.isObject()) {
            return new MeshIngressConfig(false, false, false, 443);
        }
        JsonNode passthrough = tls.path("sslPassthrough");
        int port = passthrough.path("upstreamPort").asInt(443);
        return new MeshIngressConfig(tls.path("enabled").asBoolean(false), tls.path("mTLS").asBoolean(false),
                passthrough.path("enabled").asBoolean(false), port >= 1 && port <= 65535 ? port : 443);
    }
}
