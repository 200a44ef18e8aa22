package io.meshgate.kernel.regex;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * Compiles configured regular expressions with RE2 (linear time, no backtracking, so a hostile input
 * cannot make a route or rewrite pattern burn a core) and turns syntax errors into
 * {@link IllegalArgumentException}s that name the pattern and where it came from.
 */
public final class Re2Patterns {
    private Re2Patterns() {}

    /**
     * @param regex an RE2 expression
     * @param where what the pattern belongs to, e.g. {@code "route api path"}; starts the error message
     */
    public static Pattern compile(String regex, String where) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(where + ": invalid regex '" + regex + "': " + e.getDescription(), e);
        }
    }
}
