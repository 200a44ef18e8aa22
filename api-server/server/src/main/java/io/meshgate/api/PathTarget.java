package io.meshgate.api;

import io.meshgate.resources.KindInfo;
import io.meshgate.resources.KindRegistry;
import io.meshgate.resources.Resource;

import java.util.List;

/**
 * A Kubernetes-style resource path: {@code namespaces/{ns}/{plural}[/{name}[/status]]} or
 * {@code {plural}[/{name}[/status]]} (all namespaces, or a cluster-scoped kind).
 *
 * @param info      the kind
 * @param namespace the namespace in the path, null for the all-namespaces form
 * @param name      object name, null for a collection
 * @param status    true for the object's {@code status} subresource
 */
record PathTarget(KindInfo info, String namespace, String name, boolean status) {
    /** The one subresource the API serves. */
    static final String STATUS = "status";

    /** The If-Match value {@code *}: any existing version. */
    static final long ANY_VERSION = 0L;

    /** Parses the segments after {@code /api/v1/}; 404 for unknown kinds or shapes. */
    static PathTarget parse(List<String> segments, KindRegistry kinds) {
        String ns = null;
        List<String> rest = segments;
        if (segments.size() >= 3 && segments.get(0).equals("namespaces")) {
            ns = segments.get(1);
            rest = segments.subList(2, segments.size());
        }
        boolean status = rest.size() == 3 && rest.get(2).equals(STATUS);
        if (rest.isEmpty() || rest.size() > 3 || (rest.size() == 3 && !status)) {
            throw ApiException.notFound("no such path");
        }
        return resolve(ns, rest.get(0), rest.size() >= 2 ? rest.get(1) : null, status, kinds);
    }

    /**
     * The target of a path of a known shape; 404 for an unknown kind, a namespace in the path of a
     * cluster-scoped kind, or an object of a namespaced kind named without its namespace.
     *
     * @param namespace the namespace in the path, null for the all-namespaces form
     * @param name      object name, null for a collection
     */
    static PathTarget resolve(String namespace, String plural, String name, boolean status, KindRegistry kinds) {
        KindInfo info = kinds.byPlural(plural).orElseThrow(() -> new ApiException(404, "unknown-kind", "Not Found",
                "unknown resource type '" + plural + "'; known: " + String.join(", ", plurals(kinds)), List.of()));
        if (namespace != null && !info.namespaced()) {
            throw ApiException.notFound(info.kind() + " is cluster-scoped: use /api/v1/" + plural);
        }
        if (namespace == null && name != null && info.namespaced()) {
            throw ApiException.notFound(info.kind() + " is namespaced: use /api/v1/namespaces/{namespace}/" + plural
                    + "/" + name);
        }
        return new PathTarget(info, namespace, name, status);
    }

    private static List<String> plurals(KindRegistry kinds) {
        return kinds.kinds().stream().map(KindInfo::plural).sorted().toList();
    }

    /** Namespace as the store keys it ({@code ""} for cluster-scoped kinds). */
    String storeNamespace() {
        return info.namespaced() ? namespace : "";
    }

    /** 400 unless the body names the same kind, namespace and name as the path. */
    static void checkIdentity(Resource body, KindInfo info, String namespace, String name) {
        if (!info.kind().equals(body.kind())) {
            throw ApiException.badRequest("the body's kind " + body.kind() + " does not match the path (" + info.kind() + ")");
        }
        if (!name.equals(body.name())) {
            throw ApiException.badRequest("the body's metadata.name '" + body.name() + "' does not match the path ('"
                    + name + "')");
        }
        String bodyNs = body.namespace() == null ? "" : body.namespace();
        String pathNs = info.namespaced() ? namespace : "";
        if (!pathNs.equals(bodyNs)) {
            throw ApiException.badRequest("the body's metadata.namespace '" + bodyNs + "' does not match the path ('"
                    + pathNs + "')");
        }
    }
}
