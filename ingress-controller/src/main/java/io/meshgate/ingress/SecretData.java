package io.meshgate.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgate.resources.Resource;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/** Decodes a Secret's entries: base64 {@code data}, overridden by plain {@code stringData}. */
final class SecretData {
    private SecretData() {}

    static Map<String, String> decode(Resource secret) {
        Map<String, String> out = new TreeMap<>();
        JsonNode data = secret.field("data");
        if (data != null && data.isObject()) {
            for (Map.Entry<String, JsonNode> e : data.properties()) {
                try {
                    out.put(e.getKey(), new String(Base64.getMimeDecoder().decode(e.getValue().asText()),
                            StandardCharsets.UTF_8));
                } catch (IllegalArgumentException notBase64) {
                    // the Secret validator refuses such data at apply time; an entry that still is not
                    // base64 is treated as absent rather than failing the whole translation
                }
            }
        }
        JsonNode stringData = secret.field("stringData");
        if (stringData != null && stringData.isObject()) {
            for (Map.Entry<String, JsonNode> e : stringData.properties()) {
                out.put(e.getKey(), e.getValue().asText());
            }
        }
        return out;
    }
}
