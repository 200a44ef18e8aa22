package io.meshgate.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The one JSON mapper of the API and small helpers around it. */
final class Jsons {
    static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private Jsons() {}

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize JSON", e);
        }
    }

    /** Parses client JSON; malformed input is the client's error (400 with the position). */
    static JsonNode read(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw ApiException.badRequest("the request body is empty");
            }
            return node;
        } catch (JsonProcessingException e) {
            var location = e.getLocation();
            String where = location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
            throw new ApiException(400, "malformed", "Bad Request", "malformed JSON" + where + ": " + e.getOriginalMessage(),
                    location == null ? java.util.List.of()
                            : java.util.List.of(new ApiException.Detail("", e.getOriginalMessage(), 0, location.getLineNr())));
        }
    }

    /** Parses JSON that this server wrote itself (stored rows). */
    static ObjectNode readStored(String text) {
        try {
            return (ObjectNode) MAPPER.readTree(text);
        } catch (JsonProcessingException | ClassCastException e) {
            throw new IllegalStateException("stored JSON is not an object", e);
        }
    }

    /** Parses a JSON array this server wrote itself (patches). */
    static com.fasterxml.jackson.databind.JsonNode readStoredArray(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is malformed", e);
        }
    }
}
