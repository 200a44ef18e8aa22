package io.meshgate.db;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * Opaque continue tokens: URL-safe base64 of a small JSON array holding the last key of the
 * previous page. Tokens are not secret (clients could forge one, which only moves their own
 * cursor), but decoding is strict so a mangled token is a clear 400, not a wrong page.
 */
final class ContinueTokens {

    private static final String RESOURCE_TAG = "r1";
    private static final String AUDIT_TAG = "a1";

    private ContinueTokens() {
    }

    /** Position after the object {@code lastNamespace/lastName} in a list of {@code kind} / {@code namespaceFilter}. */
    record ResourceCursor(String lastNamespace, String lastName) {
    }

    static String resource(String kind, String namespaceFilter, String lastNamespace, String lastName) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        array.add(RESOURCE_TAG).add(kind).add(namespaceFilter).add(lastNamespace).add(lastName);
        return encode(array);
    }

    static ResourceCursor decodeResource(String token, String kind, String namespaceFilter) {
        JsonNode array = decode(token);
        if (array.size() != 5 || !RESOURCE_TAG.equals(array.get(0).asText())
                || !array.get(1).isTextual() || !array.get(3).isTextual() || !array.get(4).isTextual()) {
            throw invalid();
        }
        String tokenNamespace = array.get(2).isNull() ? null : array.get(2).asText();
        if (!kind.equals(array.get(1).asText()) || !Objects.equals(namespaceFilter, tokenNamespace)) {
            throw new IllegalArgumentException("continue token belongs to another list (kind or namespace differ)");
        }
        return new ResourceCursor(array.get(3).asText(), array.get(4).asText());
    }

    static String audit(long lastId) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        array.add(AUDIT_TAG).add(lastId);
        return encode(array);
    }

    static long decodeAudit(String token) {
        JsonNode array = decode(token);
        if (array.size() != 2 || !AUDIT_TAG.equals(array.get(0).asText()) || !array.get(1).canConvertToLong()) {
            throw invalid();
        }
        return array.get(1).asLong();
    }

    private static String encode(ArrayNode array) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(Json.write(array).getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode decode(String token) {
        try {
            String json = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            JsonNode node = Json.MAPPER.readTree(json);
            if (node == null || !node.isArray()) {
                throw invalid();
            }
            return node;
        } catch (IllegalArgumentException e) {
            throw invalid();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw invalid();
        }
    }

    private static IllegalArgumentException invalid() {
        return new IllegalArgumentException("invalid continue token");
    }
}
