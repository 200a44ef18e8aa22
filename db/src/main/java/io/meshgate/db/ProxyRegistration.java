package io.meshgate.db;

import java.time.Instant;
import java.util.Objects;

/**
 * A proxy allowed to fetch its config (never its token).
 *
 * @param name      unique proxy name, e.g. {@code ingress-gateway}
 * @param kind      what the proxy is: {@code ingress}, {@code egress}, {@code sidecar} (or a test kind)
 * @param createdAt when it was registered
 */
public record ProxyRegistration(String name, String kind, Instant createdAt) {

    public ProxyRegistration {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
