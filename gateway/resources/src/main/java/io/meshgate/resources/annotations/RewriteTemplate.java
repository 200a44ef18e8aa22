package io.meshgate.resources.annotations;

import java.util.List;

/**
 * A checked {@code rewrite-target-to}: the text as written (the gateway's rewrite filter reads the
 * same syntax) and the capture groups it refers to.
 *
 * @param text             the replacement as written, {@code $$} and all
 * @param groupReferences  the group numbers of its {@code $1}..{@code $9}, in order of appearance
 * @param referenceThenDigit whether some reference is directly followed by a digit, as {@code $10}
 *                         (see {@link RewritePair}: FSM reads that as group 10 when there is one)
 */
public record RewriteTemplate(String text, List<Integer> groupReferences, boolean referenceThenDigit) {

    public RewriteTemplate {
        groupReferences = List.copyOf(groupReferences);
    }

    /** The highest group number referred to, 0 for none. */
    public int highestGroup() {
        return groupReferences.stream().mapToInt(Integer::intValue).max().orElse(0);
    }
}
