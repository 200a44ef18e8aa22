package io.meshgate.console.certs;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * What the console shows of a Secret's data: each key and the size of its value, never the value
 * itself (a screen shared or recorded must not leak keys), plus the certificates of its
 * {@code tls.crt} and {@code ca.crt}.
 */
public final class SecretEntries {
    /** The API's placeholder for Secret values a viewer may not read. */
    public static final String REDACTED = "[redacted]";
    /** Keys whose values are PEM certificates worth inspecting. */
    public static final List<String> CERTIFICATE_KEYS = List.of("tls.crt", "ca.crt");

    private SecretEntries() {}

    /**
     * One data key.
     *
     * @param key   the key, e.g. {@code tls.key}
     * @param bytes the decoded size, or -1 when the API redacted the value or it is not base64
     */
    public record Entry(String key, long bytes) {
        /** "1 234 bytes", or "hidden" for a redacted value. */
        public String sizeText() {
            return bytes < 0 ? "hidden" : bytes + (bytes == 1 ? " byte" : " bytes");
        }
    }

    /** The keys of {@code data} (base64 values) and {@code stringData} (plain text), in order. */
    public static List<Entry> of(JsonNode secret) {
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : secret.path("data").properties()) {
            entries.add(new Entry(e.getKey(), decodedSize(e.getValue().asText(""))));
        }
        for (Map.Entry<String, JsonNode> e : secret.path("stringData").properties()) {
            String v = e.getValue().asText("");
            entries.add(new Entry(e.getKey(), v.equals(REDACTED) ? -1 : v.getBytes(StandardCharsets.UTF_8).length));
        }
        return entries;
    }

    /** The certificates held under {@code key} of {@code data} (empty when redacted or not a certificate). */
    public static List<CertificateDetails> certificates(JsonNode secret, String key) {
        return CertificateDetails.fromSecretValue(secret.path("data").path(key).asText(""));
    }

    /** Whether the API redacted this Secret's values (a viewer token). */
    public static boolean redacted(JsonNode secret) {
        for (JsonNode v : secret.path("data")) {
            if (REDACTED.equals(v.asText())) {
                return true;
            }
        }
        return false;
    }

    static long decodedSize(String base64) {
        if (base64.equals(REDACTED)) {
            return -1;
        }
        try {
            return Base64.getMimeDecoder().decode(base64).length;
        } catch (IllegalArgumentException notBase64) {
            return -1;
        }
    }
}
