package io.meshgate.kernel.filter;

import com.google.re2j.Matcher;
import java.util.ArrayList;
import java.util.List;

/**
 * A rewrite replacement parsed once: literal text with {@code $1}..{@code $9} group references.
 * {@code $$} is a literal {@code $}; a {@code $} not followed by 1-9 is literal (JavaScript's
 * {@code String.replace} rules, which FSM's {@code rewrite-target-to} follows). A group that did not
 * take part in the match expands to nothing.
 */
final class ReplacementTemplate {
    /** literals.length == groups.length + 1: literal, group, literal, group, ..., literal. */
    private final String[] literals;
    private final int[] groups;

    private ReplacementTemplate(String[] literals, int[] groups) {
        this.literals = literals;
        this.groups = groups;
    }

    /**
     * @param groupCount capturing groups of the pattern; a reference beyond it is a config error
     *                   rather than literal text, because it is almost certainly a mistake
     */
    static ReplacementTemplate parse(String replacement, int groupCount) {
        List<String> literals = new ArrayList<>();
        List<Integer> groups = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < replacement.length(); i++) {
            char c = replacement.charAt(i);
            char next = i + 1 < replacement.length() ? replacement.charAt(i + 1) : 0;
            if (c == '$' && next == '$') {
                literal.append('$');
                i++;
            } else if (c == '$' && next >= '1' && next <= '9') {
                int group = next - '0';
                if (group > groupCount) {
                    throw new IllegalArgumentException("replacement '" + replacement + "' refers to $" + group
                            + " but the pattern has " + groupCount + " group(s)");
                }
                literals.add(literal.toString());
                literal.setLength(0);
                groups.add(group);
                i++;
            } else {
                literal.append(c);
            }
        }
        literals.add(literal.toString());
        return new ReplacementTemplate(literals.toArray(String[]::new),
                groups.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Appends the expansion for the current match of {@code matcher}. */
    void appendTo(StringBuilder out, Matcher matcher) {
        for (int i = 0; i < groups.length; i++) {
            out.append(literals[i]);
            String value = matcher.group(groups[i]);
            if (value != null) {
                out.append(value);
            }
        }
        out.append(literals[groups.length]);
    }
}
