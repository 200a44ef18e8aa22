package io.meshgate.sidecar.runtime;

import java.util.Objects;

/**
 * The control plane's answer to a registration: the proxy this sidecar runs and that proxy's token
 * for the config channel (rotated at every registration).
 */
public record Registration(String proxy, String token) {
    public Registration {
        Objects.requireNonNull(proxy, "proxy");
        Objects.requireNonNull(token, "token");
    }

    @Override
    public String toString() {
        return "Registration[proxy=" + proxy + ", token=<redacted>]";
    }
}
