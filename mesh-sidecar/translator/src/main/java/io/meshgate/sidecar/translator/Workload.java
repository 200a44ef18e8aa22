package io.meshgate.sidecar.translator;

import java.util.Objects;
import java.util.Optional;

/**
 * The workload a sidecar serves: one Pod, by namespace and name. Its proxy is registered as kind
 * {@value #PROXY_KIND} named {@code sidecar.<namespace>.<pod>}; namespaces have no dots, so the
 * first dot after the prefix ends the namespace and the pod name may hold dots.
 */
public record Workload(String namespace, String pod) {
    /** The proxy kind of sidecars. */
    public static final String PROXY_KIND = "sidecar";
    private static final String PREFIX = PROXY_KIND + ".";

    public Workload {
        requireName(namespace, "namespace");
        requireName(pod, "pod");
        if (namespace.contains(".")) {
            throw new IllegalArgumentException("a namespace has no dots: " + namespace);
        }
    }

    /** {@code sidecar.<namespace>.<pod>}. */
    public String proxyName() {
        return PREFIX + namespace + "." + pod;
    }

    /** The workload of a sidecar proxy name, empty when {@code proxyName} is not one. */
    public static Optional<Workload> fromProxyName(String proxyName) {
        if (proxyName == null || !proxyName.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String rest = proxyName.substring(PREFIX.length());
        int dot = rest.indexOf('.');
        if (dot <= 0 || dot == rest.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new Workload(rest.substring(0, dot), rest.substring(dot + 1)));
    }

    @Override
    public String toString() {
        return namespace + "/" + pod;
    }

    private static void requireName(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }
}
