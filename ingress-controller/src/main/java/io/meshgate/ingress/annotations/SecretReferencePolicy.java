package io.meshgate.ingress.annotations;

import java.util.Optional;

/** Decides whether an Ingress in one namespace may use a Secret an annotation names in another. */
@FunctionalInterface
public interface SecretReferencePolicy {
    /** Why {@code fromNamespace} may not use Secret {@code namespace/name}, or empty when it may. */
    Optional<String> refusal(String fromNamespace, String namespace, String name);
}
