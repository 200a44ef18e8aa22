package io.meshgate.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * An RFC 9457 problem document from the API, and how the CLI prints it:
 * {@code error: <title>: <detail>} then one {@code   <field>: <message>} line per error.
 *
 * @param status HTTP status
 * @param title  short summary, e.g. {@code Unprocessable Content}
 * @param detail what went wrong this time (may be empty)
 * @param errors per-field errors
 */
record Problem(int status, String title, String detail, List<FieldError> errors) {
    Problem {
        errors = List.copyOf(errors);
    }

    /**
     * One field error.
     *
     * @param field    JSON path of the field, may be empty
     * @param message  what is wrong with it
     * @param document 0-based index of the document in an apply, or null
     * @param line     1-based line in the request body, or null
     */
    record FieldError(String field, String message, Integer document, Integer line) {}

    /**
     * Reads a problem from an error response; a body that is not a problem document (a proxy's
     * HTML page, say) still yields a readable problem built from the status.
     */
    static Problem from(int status, String body) {
        JsonNode node = Json.tryRead(body);
        if (node == null || !node.isObject() || !node.has("title")) {
            String text = body == null ? "" : body.strip();
            return new Problem(status, "HTTP " + status, text.length() > 200 ? text.substring(0, 200) + "..." : text,
                    List.of());
        }
        List<FieldError> errors = new ArrayList<>();
        for (JsonNode e : node.path("errors")) {
            errors.add(new FieldError(e.path("field").asText(""), e.path("message").asText(""),
                    e.hasNonNull("document") ? e.get("document").asInt() : null,
                    e.hasNonNull("line") ? e.get("line").asInt() : null));
        }
        return new Problem(node.path("status").asInt(status), node.path("title").asText("HTTP " + status),
                node.path("detail").asText(""), errors);
    }

    /** The lines shown on stderr. */
    List<String> render() {
        List<String> lines = new ArrayList<>();
        lines.add("error: " + title + (detail.isEmpty() ? "" : ": " + detail));
        for (FieldError e : errors) {
            StringBuilder line = new StringBuilder("  ").append(e.field().isEmpty() ? "(document)" : e.field())
                    .append(": ").append(e.message());
            if (e.document() != null || e.line() != null) {
                line.append(" (");
                if (e.document() != null) {
                    line.append("document ").append(e.document() + 1);
                }
                if (e.line() != null) {
                    line.append(e.document() != null ? ", " : "").append("line ").append(e.line());
                }
                line.append(')');
            }
            lines.add(line.toString());
        }
        return lines;
    }
}
