package io.meshgate.console.api;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** Turns an error answer of the API into an {@link ApiProblem}. */
public final class Problems {
    private Problems() {}

    /**
     * @param status      the HTTP status
     * @param contentType the answer's Content-Type
     * @param body        the answer's body (an RFC 9457 problem document, or anything else)
     */
    public static ApiProblem parse(int status, String contentType, String body) {
        JsonNode problem = null;
        if (contentType.contains("json") && body != null && !body.isBlank()) {
            try {
                problem = Json.read(body);
            } catch (RuntimeException notJson) {
                problem = null;
            }
        }
        if (problem == null || !problem.isObject()) {
            String text = body == null ? "" : body.strip();
            return new ApiProblem(status, "HTTP " + status, text.length() > 300 ? text.substring(0, 300) : text,
                    List.of());
        }
        List<FieldProblem> fields = new ArrayList<>();
        for (JsonNode e : problem.path("errors")) {
            fields.add(new FieldProblem(e.path("field").asText(""), e.path("message").asText(""),
                    e.hasNonNull("document") ? e.get("document").asInt() : null,
                    e.hasNonNull("line") ? e.get("line").asInt() : null));
        }
        return new ApiProblem(status, problem.path("title").asText("HTTP " + status),
                problem.hasNonNull("detail") ? problem.get("detail").asText() : null, fields);
    }
}
