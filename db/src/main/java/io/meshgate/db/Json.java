package io.meshgate.db;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON handling of the store. Numbers are kept exactly as written (BigDecimal, trailing zeros
 * kept) so a stored object reads back as it was sent; duplicate keys and trailing garbage are
 * rejected because two parsers could read such input differently.
 */
final class Json {

    static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private Json() {
    }

    /** Parses {@code json} and requires a JSON object; {@code what} names it in the error. */
    static ObjectNode parseObject(String json, String what) {
        if (json == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(what + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (!(node instanceof ObjectNode object)) {
            throw new IllegalArgumentException(what + " must be a JSON object");
        }
        return object;
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            // a tree built from parsed JSON always serializes
            throw new IllegalStateException("cannot serialize JSON tree", e);
        }
    }

    /** Labels as stored in the {@code labels} column: a JSON object with keys sorted. */
    static String labelsToJson(Map<String, String> labels) {
        ObjectNode node = MAPPER.createObjectNode();
        new TreeMap<>(labels).forEach(node::put);
        return write(node);
    }

    static Map<String, String> labelsFromJson(String json) {
        return stringMap(parseObject(json, "labels"), "labels");
    }

    /** Reads a JSON object whose values must all be strings (labels, annotations). */
    static Map<String, String> stringMap(JsonNode object, String what) {
        Map<String, String> result = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            if (!e.getValue().isTextual()) {
                throw new IllegalArgumentException(what + "." + e.getKey() + " must be a string");
            }
            result.put(e.getKey(), e.getValue().textValue());
        }
        return result;
    }
}
