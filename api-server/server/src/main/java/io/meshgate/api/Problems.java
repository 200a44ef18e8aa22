package io.meshgate.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Renders {@link ApiException}s as RFC 9457 problem documents. */
final class Problems {
    static final String MEDIA_TYPE = "application/problem+json";
    static final String TYPE_PREFIX = "urn:meshgate:problem:";

    private Problems() {}

    static ObjectNode toJson(ApiException e, String instance) {
        ObjectNode problem = Jsons.MAPPER.createObjectNode();
        problem.put("type", TYPE_PREFIX + e.slug());
        problem.put("title", e.title());
        problem.put("status", e.status());
        if (e.getMessage() != null) {
            problem.put("detail", e.getMessage());
        }
        if (instance != null) {
            problem.put("instance", instance);
        }
        if (!e.errors().isEmpty()) {
            ArrayNode errors = problem.putArray("errors");
            for (ApiException.Detail d : e.errors()) {
                ObjectNode item = errors.addObject();
                item.put("field", d.field());
                item.put("message", d.message());
                if (d.document() != null) {
                    item.put("document", d.document());
                }
                if (d.line() != null && d.line() > 0) {
                    item.put("line", d.line());
                }
            }
        }
        return problem;
    }
}
