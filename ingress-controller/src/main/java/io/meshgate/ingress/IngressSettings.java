package io.meshgate.ingress;

import java.util.List;
import java.util.Objects;

/**
 * Where the ingress gateway listens, and what the operator (not MeshConfig) allows.
 *
 * @param bindAddress             address both listeners bind
 * @param httpPort                plain HTTP listener port
 * @param httpsPort               HTTPS / TLS passthrough listener port
 * @param passthroughAllowedHosts server names always allowed through MeshConfig's global SSL passthrough,
 *                                in addition to the hosts of Ingresses annotated
 *                                {@code meshgate.io/tls-passthrough-allowed: "true"}. FSM passes any SNI
 *                                through; Meshgate never does, so the gateway cannot be used as an open
 *                                TLS relay. Exact names or {@code *.suffix}.
 */
public record IngressSettings(String bindAddress, int httpPort, int httpsPort, List<String> passthroughAllowedHosts) {

    public IngressSettings {
        Objects.requireNonNull(bindAddress, "bindAddress");
        passthroughAllowedHosts = passthroughAllowedHosts == null ? List.of() : List.copyOf(passthroughAllowedHosts);
    }

    /** Settings without an operator passthrough allow-list. */
    public static IngressSettings of(String bindAddress, int httpPort, int httpsPort) {
        return new IngressSettings(bindAddress, httpPort, httpsPort, List.of());
    }
}
