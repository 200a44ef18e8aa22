package io.meshgate.api;

import java.util.Arrays;
import java.util.List;

/**
 * A request path as its non-empty segments. The request metrics and the audit of refused writes
 * classify requests by segments, whether or not a route matched them.
 */
final class PathSegments {
    private PathSegments() {}

    /** {@code /api/v1/ingresses/} gives {@code [api, v1, ingresses]}. */
    static List<String> of(String path) {
        return Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    }
}
