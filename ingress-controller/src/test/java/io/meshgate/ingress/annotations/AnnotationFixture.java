package io.meshgate.ingress.annotations;

import io.meshgate.resources.FieldError;
import io.meshgate.resources.IngressAnnotations;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs annotations the way the translator does, for an Ingress in namespace {@code app}: validation
 * by gateway/resources' table first, then the registry's features against a fixed set of Secrets.
 */
final class AnnotationFixture {
    static final String CA = "-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n";
    static final String CERT = "-----BEGIN CERTIFICATE-----\nCLIENT\n-----END CERTIFICATE-----\n";
    static final String KEY = "-----BEGIN PRIVATE KEY-----\nKEY\n-----END PRIVATE KEY-----\n";

    /** Secrets: app/ca-only (ca.crt), other/mtls (ca.crt, tls.crt, tls.key), app/no-ca (tls.crt only). */
    private static final Map<String, Map<String, String>> SECRETS = Map.of(
            "app/ca-only", Map.of("ca.crt", CA),
            "other/mtls", Map.of("ca.crt", CA, "tls.crt", CERT, "tls.key", KEY),
            "app/no-ca", Map.of("tls.crt", CERT));

    private AnnotationFixture() {}

    /** The problems gateway/resources reports for these annotations. */
    static List<FieldError> problems(Map<String, String> annotations) {
        return IngressAnnotations.validate(annotations);
    }

    /** A context over the fixed Secrets. */
    static AnnotationContext context() {
        // every reference is permitted here: the namespace rule has its own golden case (guard-secret-references)
        return new AnnotationContext("app", (ns, name) -> Optional.ofNullable(SECRETS.get(ns + "/" + name)),
                (from, ns, name) -> Optional.empty());
    }

    /** The route options for annotations that must be valid. */
    static RouteOptions options(Map<String, String> annotations) {
        List<FieldError> problems = problems(annotations);
        if (!problems.isEmpty()) {
            throw new AssertionError("expected valid annotations, got " + problems);
        }
        return IngressAnnotationRegistry.apply(annotations, context());
    }
}
