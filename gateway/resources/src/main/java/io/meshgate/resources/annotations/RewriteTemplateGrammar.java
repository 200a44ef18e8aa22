package io.meshgate.resources.annotations;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code rewrite-target-to}: a URL path, where {@code $1}..{@code $9} insert groups of
 * {@code rewrite-target-from} and {@code $$} is one literal {@code $}. These are the rules of
 * JavaScript's {@code String.replace}, which FSM's ingress script applies, and of the gateway's rewrite
 * filter. Any other {@code $} is refused: JavaScript gives {@code $&}, {@code $`}, {@code $'} and
 * {@code $<name>} meanings the gateway does not have, so accepting them would change what an
 * Ingress written for FSM does.
 */
public final class RewriteTemplateGrammar implements Grammar<RewriteTemplate> {
    /** Characters of a URL path besides letters and digits ({@code ?} starts a query). */
    private static final String PATH_PUNCTUATION = "-._~/!&'()*+,;=:@%?";

    @Override
    public Parsed<RewriteTemplate> parse(String text) {
        List<Integer> groups = new ArrayList<>();
        boolean referenceThenDigit = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '$') {
                char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
                if (next >= '1' && next <= '9') {
                    groups.add(next - '0');
                    referenceThenDigit |= i + 2 < text.length() && isDigit(text.charAt(i + 2));
                } else if (next != '$') {
                    return Parsed.invalid(Messages.invalid(text, "'$' must be followed by a group number 1 to 9"
                            + " ($1..$9) or by another '$' ($$ is a literal $)"));
                }
                i++;
            } else if (!isPathChar(c)) {
                return Parsed.invalid(Messages.invalid(text, "must be a URL path: letters, digits and "
                        + PATH_PUNCTUATION + " only (no spaces or control characters); $$ for a literal $"));
            }
        }
        return Parsed.value(new RewriteTemplate(text, groups, referenceThenDigit));
    }

    @Override
    public String accepted() {
        return "the replacement for the matched part of the path, e.g. /; $1..$9 insert groups of"
                + " rewrite-target-from, $$ is a literal $";
    }

    @Override
    public String show(RewriteTemplate value) {
        return value.text();
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isPathChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c) || PATH_PUNCTUATION.indexOf(c) >= 0;
    }
}
