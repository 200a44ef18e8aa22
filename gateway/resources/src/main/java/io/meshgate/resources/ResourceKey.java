package io.meshgate.resources;

import java.util.Objects;

/**
 * Identifies a stored resource: kind, namespace (null for cluster-scoped kinds) and name.
 * The apiVersion is not part of the key: {@code flomesh.io/v1alpha1} and
 * {@code multicluster.flomesh.io/v1alpha1} ServiceExports with the same name are one object.
 */
public record ResourceKey(String kind, String namespace, String name) {

    public ResourceKey {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
    }

    /** {@code Ingress httpbin/httpbin} or {@code Plugin token-injector}. */
    @Override
    public String toString() {
        return namespace == null ? kind + " " + name : kind + " " + namespace + "/" + name;
    }
}
