package io.meshgate.config;

import java.util.Objects;

/**
 * How a route matches the (normalised) request path.
 * <ul>
 *   <li>{@code EXACT}: the path equals {@code value}.</li>
 *   <li>{@code PREFIX}: Kubernetes element-wise prefix: {@code /api} matches {@code /api} and
 *       {@code /api/x} but never {@code /apiary}; a trailing slash in {@code value} is ignored.</li>
 *   <li>{@code REGEX}: an RE2 expression (linear time) that must match the whole path.</li>
 * </ul>
 */
public record PathMatch(Type type, String value) {

    public enum Type { EXACT, PREFIX, REGEX }

    public PathMatch {
        Objects.requireNonNull(type, "pathMatch.type is required");
        Checks.name(value, "pathMatch.value");
        if (type != Type.REGEX && !value.startsWith("/")) {
            throw new IllegalArgumentException("pathMatch.value must start with '/': " + value);
        }
    }

    public static PathMatch exact(String path) {
        return new PathMatch(Type.EXACT, path);
    }

    public static PathMatch prefix(String path) {
        return new PathMatch(Type.PREFIX, path);
    }

    public static PathMatch regex(String re2) {
        return new PathMatch(Type.REGEX, re2);
    }
}
