package io.meshgate.console.api;

/**
 * One kind the API serves, as its discovery document ({@code GET /api/v1}) describes it.
 *
 * @param plural     the path segment, e.g. {@code ingresses}
 * @param kind       e.g. {@code Ingress}
 * @param namespaced whether objects live in a namespace
 * @param group      the API group ("" for core kinds)
 * @param apiVersion the preferred {@code apiVersion} for new objects
 */
public record ApiKind(String plural, String kind, boolean namespaced, String group, String apiVersion) {

    /** The collection path: all namespaces when {@code namespace} is null or the kind is cluster-scoped. */
    public String collectionPath(String namespace) {
        if (namespaced && namespace != null && !namespace.isEmpty()) {
            return "/api/v1/namespaces/" + ApiClient.segment(namespace) + "/" + plural;
        }
        return "/api/v1/" + plural;
    }

    /** The path of one object. */
    public String objectPath(String namespace, String name) {
        if (namespaced && (namespace == null || namespace.isEmpty())) {
            throw new IllegalArgumentException(kind + " objects live in a namespace: name one");
        }
        return collectionPath(namespaced ? namespace : null) + "/" + ApiClient.segment(name);
    }
}
