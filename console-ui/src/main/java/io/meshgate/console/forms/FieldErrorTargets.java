package io.meshgate.console.forms;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where a field path of the API's problem+json belongs in a form. A form registers, while it
 * builds the object it sends, which path each of its fields produced; an error on
 * {@code spec.rules[1].http.paths[0].backend.service.port.number} then lands on the field that
 * registered that path, or on the one that registered the nearest enclosing path
 * ({@code spec.rules[1].http.paths[0]}). Errors no field claims are shown for the whole form.
 */
public final class FieldErrorTargets {
    private final Map<String, String> fieldByPath = new LinkedHashMap<>();

    /** Declares that {@code path} (and everything below it not claimed more precisely) is shown at {@code fieldId}. */
    public FieldErrorTargets register(String path, String fieldId) {
        fieldByPath.putIfAbsent(path, fieldId);
        return this;
    }

    /** The field for an error path: the longest registered path that is the path itself or encloses it. */
    public Optional<String> fieldFor(String path) {
        if (path == null || path.isEmpty()) {
            return Optional.empty();
        }
        String p = path;
        while (true) {
            String field = fieldByPath.get(p);
            if (field != null) {
                return Optional.of(field);
            }
            int cut = parentCut(p);
            if (cut <= 0) {
                return Optional.empty();
            }
            p = p.substring(0, cut);
        }
    }

    /**
     * Where the last step of a path starts: the last {@code .} or {@code [} outside brackets, so the
     * dots inside {@code annotations[pipy.ingress.kubernetes.io/lb-type]} are not steps.
     */
    static int parentCut(String path) {
        int depth = 0;
        for (int i = path.length() - 1; i >= 0; i--) {
            char c = path.charAt(i);
            if (c == ']') {
                depth++;
            } else if (c == '[') {
                depth--;
                if (depth == 0) {
                    return i;
                }
            } else if (c == '.' && depth == 0) {
                return i;
            }
        }
        return -1;
    }
}
