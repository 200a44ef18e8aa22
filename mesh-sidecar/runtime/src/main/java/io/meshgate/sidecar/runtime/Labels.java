package io.meshgate.sidecar.runtime;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** Reads {@code --labels app=bookbuyer,version=v1} with Kubernetes' label syntax, so a bad label fails here, not at the API. */
public final class Labels {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    private static final Pattern PREFIX = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private Labels() {}

    /**
     * @param text comma-separated {@code key=value} pairs; null or blank = no labels
     * @throws IllegalArgumentException naming the bad pair and what is wrong with it
     */
    public static Map<String, String> parse(String text) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return labels;
        }
        for (String pair : text.split(",", -1)) {
            String entry = pair.strip();
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--labels: '" + entry + "' is not key=value (e.g. app=bookbuyer,version=v1)");
            }
            String key = entry.substring(0, eq).strip();
            String value = entry.substring(eq + 1).strip();
            checkKey(key);
            if (!value.isEmpty() && !NAME.matcher(value).matches()) {
                throw new IllegalArgumentException("--labels: value '" + value + "' of " + key
                        + " must be at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit");
            }
            if (labels.put(key, value) != null) {
                throw new IllegalArgumentException("--labels: " + key + " given twice");
            }
        }
        return labels;
    }

    private static void checkKey(String key) {
        int slash = key.indexOf('/');
        String name = slash < 0 ? key : key.substring(slash + 1);
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            if (prefix.isEmpty() || prefix.length() > 253 || !PREFIX.matcher(prefix).matches()) {
                throw new IllegalArgumentException("--labels: the prefix of '" + key + "' must be a DNS subdomain (e.g. app.kubernetes.io/name)");
            }
        }
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("--labels: key '" + key
                    + "' must be at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit");
        }
    }
}
