package io.meshgate.resources.annotations;

/**
 * A Secret named by an annotation: {@code name}, or {@code namespace/name}.
 *
 * @param namespace the namespace written, or null for the Ingress's own
 * @param name      the Secret's name
 */
public record SecretReference(String namespace, String name) {

    /** The namespace the Secret lives in, given the Ingress's. */
    public String namespaceOr(String ingressNamespace) {
        return namespace == null ? ingressNamespace : namespace;
    }
}
