package io.meshgate.console.api;

/**
 * One entry of a problem document's {@code errors[]}.
 *
 * @param field    the field path, e.g. {@code spec.rules[0].host} or
 *                 {@code metadata.annotations[pipy.ingress.kubernetes.io/lb-type]}; empty for the whole document
 * @param message  what is wrong
 * @param document index of the document in a multi-document apply, or null
 * @param line     1-based line in the submitted text, or null when the API could not tell
 */
public record FieldProblem(String field, String message, Integer document, Integer line) {
    public FieldProblem {
        field = field == null ? "" : field;
        message = message == null ? "" : message;
    }
}
