package io.meshgate.resources.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgate.resources.schema.FieldPath;
import io.meshgate.resources.schema.Problems;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/** Checks shared by Secret and ConfigMap data: base64 values (never echoed) and the 1 MiB size limit. */
final class DataMaps {
    /** Kubernetes' limit on the data of one Secret or ConfigMap. */
    static final int MAX_BYTES = 1024 * 1024;

    private DataMaps() {}

    /**
     * Decodes every value of a base64 map, reporting undecodable ones without repeating them.
     * Like Kubernetes (Go's StdEncoding), padding is required and line breaks are ignored.
     *
     * @return the total decoded size in bytes
     */
    static long checkBase64(JsonNode map, FieldPath path, Problems problems) {
        long total = 0;
        if (map == null || !map.isObject()) {
            return total;
        }
        for (Map.Entry<String, JsonNode> entry : map.properties()) {
            FieldPath entryPath = path.key(entry.getKey());
            if (!entry.getValue().isTextual()) {
                problems.invalidHidden(entryPath, "must be a base64-encoded string");
                continue;
            }
            byte[] decoded = decode(entry.getValue().textValue());
            if (decoded == null) {
                problems.invalidHidden(entryPath, "must be valid base64 (standard alphabet, with '=' padding);"
                        + " the value is not shown");
                continue;
            }
            total += decoded.length;
        }
        return total;
    }

    /** Total UTF-8 size of a map of plain strings. */
    static long textSize(JsonNode map) {
        long total = 0;
        if (map != null && map.isObject()) {
            for (JsonNode value : map) {
                total += value.asText().getBytes(StandardCharsets.UTF_8).length;
            }
        }
        return total;
    }

    /** Decoded bytes, or null when the text is not strict padded base64. */
    static byte[] decode(String text) {
        String compact = text.replace("\r", "").replace("\n", "");
        if (compact.length() % 4 != 0) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(compact);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static void checkSize(long bytes, FieldPath path, Problems problems) {
        if (bytes > MAX_BYTES) {
            problems.tooLong(path, MAX_BYTES, "bytes of data in total");
        }
    }
}
