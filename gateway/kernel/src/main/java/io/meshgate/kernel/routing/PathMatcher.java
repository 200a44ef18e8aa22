package io.meshgate.kernel.routing;

import com.google.re2j.Pattern;
import io.meshgate.config.PathMatch;
import io.meshgate.kernel.path.NormalizedTarget;
import io.meshgate.kernel.path.PathNormalizer;
import io.meshgate.kernel.regex.Re2Patterns;

/** A compiled {@link PathMatch}; tested against canonical paths from {@link PathNormalizer}. */
sealed interface PathMatcher {

    boolean matches(String path);

    /**
     * Compiles a path match. Exact and prefix values are canonicalised with the same rules as requests
     * (so {@code /%61pi} in config matches {@code /api}); a value the normaliser refuses could never
     * match a request and is rejected.
     */
    static PathMatcher compile(PathMatch match, String where) {
        return switch (match.type()) {
            case EXACT -> new Exact(canonical(match.value(), where));
            case PREFIX -> new Prefix(withoutTrailingSlashes(canonical(match.value(), where)));
            case REGEX -> new Regex(Re2Patterns.compile(match.value(), where + " path"));
        };
    }

    private static String canonical(String value, String where) {
        NormalizedTarget target = PathNormalizer.normalize(value, false);
        if (!target.ok()) {
            throw new IllegalArgumentException(where + ": path '" + value + "' is invalid: " + target.error());
        }
        if (target.rawQuery() != null) {
            throw new IllegalArgumentException(where + ": path '" + value + "' must not contain '?'");
        }
        return target.path();
    }

    private static String withoutTrailingSlashes(String prefix) {
        int end = prefix.length();
        while (end > 0 && prefix.charAt(end - 1) == '/') {
            end--;
        }
        return prefix.substring(0, end);
    }

    /** The whole path equals the value. */
    record Exact(String path) implements PathMatcher {
        @Override
        public boolean matches(String candidate) {
            return path.equals(candidate);
        }
    }

    /**
     * Element-wise prefix (Kubernetes {@code pathType: Prefix}): the prefix, held without trailing
     * slashes, must be followed by the end of the path or a {@code /}. The prefix {@code /} is held as
     * the empty string and so matches every path.
     */
    record Prefix(String prefix) implements PathMatcher {
        @Override
        public boolean matches(String candidate) {
            return candidate.startsWith(prefix)
                    && (candidate.length() == prefix.length() || candidate.charAt(prefix.length()) == '/');
        }
    }

    /** RE2 full match of the path. */
    record Regex(Pattern pattern) implements PathMatcher {
        @Override
        public boolean matches(String candidate) {
            return pattern.matcher(candidate).matches();
        }
    }
}
