package io.meshgate.reconcile;

import java.util.Objects;

/**
 * The proxy a config is translated for.
 *
 * @param name unique proxy name (also the name its status is shown under)
 * @param kind {@code ingress}, {@code egress}, {@code sidecar}: selects the translator
 */
public record ProxyIdentity(String name, String kind) {

    public ProxyIdentity {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
    }
}
