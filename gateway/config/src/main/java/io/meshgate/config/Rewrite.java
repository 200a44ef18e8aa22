package io.meshgate.config;

/**
 * Regex path rewrite (FSM's {@code rewrite-target-from}/{@code -to}): the first match of the RE2
 * {@code pattern} in the normalised path is replaced by {@code replacement}, where {@code $1}..{@code $9}
 * refer to groups. The result is normalised again and must still be an absolute path.
 */
public record Rewrite(String pattern, String replacement) implements FilterConfig {
    public Rewrite {
        Checks.name(pattern, "rewrite.pattern");
        if (replacement == null) {
            throw new IllegalArgumentException("rewrite.replacement is required");
        }
        HeaderNames.requireSafeValue("rewrite.replacement", replacement);
    }

    @Override
    public String type() {
        return "rewrite";
    }
}
