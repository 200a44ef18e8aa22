package io.meshgate.resources;

import java.util.Objects;

/**
 * One validation problem, located by a Kubernetes-style field path
 * ({@code spec.rules[0].http.paths[1].pathType}, {@code metadata.annotations[pipy.ingress.kubernetes.io/lb-type]})
 * with a message that says what is allowed ({@code Unsupported value: "foo": supported values: "a", "b"}).
 *
 * <p>Messages quote user values JSON-escaped and shortened, so a control character or a very long
 * value can never reach a log line or the console raw; values of secrets are never quoted at all.
 *
 * @param field   the path of the offending field; the empty string means the whole object
 * @param message what is wrong and what would be accepted
 */
public record FieldError(String field, String message) {

    public FieldError {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return field.isEmpty() ? message : field + ": " + message;
    }
}
