package io.meshgate.resources;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/** A Secret's entries as the translators read them: base64 {@code data}, overridden by plain {@code stringData}. */
public final class SecretEntries {
    private SecretEntries() {}

    /** Every readable entry by key, in key order. */
    public static Map<String, String> of(Resource secret) {
        Map<String, String> out = new TreeMap<>();
        JsonNode data = secret.field("data");
        if (data != null && data.isObject()) {
            for (Map.Entry<String, JsonNode> e : data.properties()) {
                try {
                    out.put(e.getKey(), new String(Base64.getMimeDecoder().decode(e.getValue().asText()),
                            StandardCharsets.UTF_8));
                } catch (IllegalArgumentException notBase64) {
                    // the Secret validator refuses such data at apply time; an entry that still is not
                    // base64 counts as absent (the caller says which entry is missing) rather than failing
                    // the whole translation
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
