package io.meshgate.ingress.annotations;

import io.meshgate.resources.annotations.SecretReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What annotation features work on for one Ingress: its namespace, Secret lookup, the settings
 * being built and the problems found.
 */
public final class AnnotationContext {
    private final String namespace;
    private final SecretLookup secrets;
    private final RouteOptions.Builder options = new RouteOptions.Builder();
    private final List<String> missingSecrets = new ArrayList<>();

    public AnnotationContext(String namespace, SecretLookup secrets) {
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.secrets = Objects.requireNonNull(secrets, "secrets");
    }

    /** The settings under construction. */
    public RouteOptions.Builder options() {
        return options;
    }

    /**
     * The data of the Secret an annotation names (a reference without namespace is in the Ingress's
     * namespace); a missing Secret, or one without {@code requiredKey}, is recorded.
     */
    public Optional<Map<String, String>> secret(String annotation, SecretReference reference, String requiredKey) {
        String ns = reference.namespaceOr(namespace);
        Optional<Map<String, String>> data = secrets.find(ns, reference.name());
        if (data.isEmpty()) {
            missingSecrets.add(annotation + ": Secret " + ns + "/" + reference.name() + " not found");
            return Optional.empty();
        }
        if (!data.get().containsKey(requiredKey)) {
            missingSecrets.add(annotation + ": Secret " + ns + "/" + reference.name() + " has no " + requiredKey);
            return Optional.empty();
        }
        return data;
    }

    /** Secret problems found so far, one message each. */
    public List<String> missingSecrets() {
        return List.copyOf(missingSecrets);
    }
}
