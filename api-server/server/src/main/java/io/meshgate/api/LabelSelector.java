package io.meshgate.api;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The equality subset of Kubernetes label selectors: {@code a=b}, {@code a==b} and bare {@code a}
 * (the label exists), joined by commas.
 */
record LabelSelector(Map<String, String> equals, Set<String> exists) {

    static LabelSelector parse(String text) {
        Map<String, String> equals = new LinkedHashMap<>();
        Set<String> exists = new LinkedHashSet<>();
        if (text == null || text.isBlank()) {
            return new LabelSelector(equals, exists);
        }
        for (String raw : text.split(",")) {
            String term = raw.trim();
            if (term.isEmpty()) {
                throw ApiException.badRequest("labelSelector has an empty term");
            }
            if (term.contains("!=") || term.contains(" in ") || term.contains(" notin ") || term.startsWith("!")) {
                throw ApiException.badRequest("labelSelector supports only key=value and key terms: '" + term + "'");
            }
            int eq = term.indexOf('=');
            if (eq < 0) {
                exists.add(term);
                continue;
            }
            String key = term.substring(0, eq).trim();
            String value = term.substring(term.startsWith("==", eq) ? eq + 2 : eq + 1).trim();
            if (key.isEmpty()) {
                throw ApiException.badRequest("labelSelector term without a key: '" + term + "'");
            }
            equals.put(key, value);
        }
        return new LabelSelector(equals, exists);
    }
}
