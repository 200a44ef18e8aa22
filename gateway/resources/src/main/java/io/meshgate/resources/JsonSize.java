package io.meshgate.resources;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * The length of a JSON tree written compactly, counted without writing it (string escapes are not
 * counted: this is for limits, where a close lower bound is enough).
 */
final class JsonSize {
    private JsonSize() {}

    static long of(JsonNode node) {
        if (node == null) {
            return 0;
        }
        if (node.isObject()) {
            long size = 2 + Math.max(0, node.size() - 1);
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> member = it.next();
                size += member.getKey().length() + 3 + of(member.getValue());
            }
            return size;
        }
        if (node.isArray()) {
            long size = 2 + Math.max(0, node.size() - 1);
            for (JsonNode element : node) {
                size += of(element);
            }
            return size;
        }
        return node.isTextual() ? node.textValue().length() + 2L : node.asText().length();
    }
}
