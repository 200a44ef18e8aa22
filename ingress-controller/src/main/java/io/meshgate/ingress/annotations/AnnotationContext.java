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
    private final SecretReferencePolicy policy;
    private final RouteOptions.Builder options = new RouteOptions.Builder();
    private final List<String> missingSecrets = new ArrayList<>();
    private final List<String> refusedSecrets = new ArrayList<>();

    public AnnotationContext(String namespace, SecretLookup secrets, SecretReferencePolicy policy) {
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /** The settings under construction. */
    public RouteOptions.Builder options() {
        return options;
    }

    /**
     * The data of the Secret an annotation names (a reference without namespace is in the Ingress's
     * namespace); a missing Secret, or one without {@code requiredKey}, is recorded, and so is one of
     * another namespace the policy refuses (it then resolves to nothing).
     */
    public Optional<Map<String, String>> secret(String annotation, SecretReference reference, String requiredKey) {
        String ns = reference.namespaceOr(namespace);
        Optional<String> refused = policy.refusal(namespace, ns, reference.name());
        if (refused.isPresent()) {
            refusedSecrets.add(annotation + ": " + refused.get());
            return Optional.empty();
        }
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

    /** Secrets of other namespaces this Ingress may not name, one message each. */
    public List<String> refusedSecrets() {
        return List.copyOf(refusedSecrets);
    }

    /** Secret problems found so far, one message each. */
    public List<String> missingSecrets() {
        return List.copyOf(missingSecrets);
    }
}
