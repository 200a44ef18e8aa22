package io.meshgate.cli;

import java.util.Locale;

/**
 * A kind as the server describes it in discovery.
 *
 * @param kind       e.g. {@code Ingress}
 * @param plural     the REST path segment, e.g. {@code ingresses}
 * @param namespaced false for cluster-scoped kinds
 * @param group      API group, {@code ""} for the core group
 */
record KindRef(String kind, String plural, boolean namespaced, String group) {

    /** kubectl's name for the kind in messages: {@code ingress.networking.k8s.io}, or {@code secret}. */
    String qualifiedName() {
        String lower = kind.toLowerCase(Locale.ROOT);
        return group.isEmpty() ? lower : lower + "." + group;
    }

    /** The collection path in one namespace, or across all (or a cluster-scoped kind) when ns is null. */
    String collectionPath(String namespace) {
        if (namespaced && namespace != null) {
            return "/api/v1/namespaces/" + ApiClient.segment(namespace) + "/" + plural;
        }
        return "/api/v1/" + plural;
    }

    String objectPath(String namespace, String name) {
        return collectionPath(namespaced ? namespace : null) + "/" + ApiClient.segment(name);
    }
}
