package io.meshgate.ingress.annotations;

import java.util.Map;
import java.util.Optional;

/** Finds a Secret's decoded data entries ({@code ca.crt} -> PEM text) by namespace and name. */
@FunctionalInterface
public interface SecretLookup {
    Optional<Map<String, String>> find(String namespace, String name);
}
