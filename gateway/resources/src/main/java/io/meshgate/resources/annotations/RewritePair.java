package io.meshgate.resources.annotations;

import com.google.re2j.Pattern;
import java.util.Map;
import java.util.Optional;

/**
 * The rules that tie {@code rewrite-target-from} and {@code rewrite-target-to} together: one is
 * useless without the other (FSM ignores a lone one silently), and the replacement may only refer to
 * groups the pattern has.
 */
public final class RewritePair {
    /** Two-digit group numbers exist from this many groups on. */
    private static final int TWO_DIGIT_GROUPS = 10;

    /**
     * A broken pair.
     *
     * @param annotation the key the problem is reported on
     * @param message    the complete message
     */
    public record Problem(String annotation, String message) { }

    private RewritePair() {}

    /** Checks the pair in an Ingress's annotations, whose values each fit their grammar already. */
    public static Optional<Problem> check(Map<String, String> annotations) {
        String fromText = annotations.get(IngressAnnotationTable.REWRITE_TARGET_FROM.name());
        String toText = annotations.get(IngressAnnotationTable.REWRITE_TARGET_TO.name());
        if (fromText == null && toText == null) {
            return Optional.empty();
        }
        if (fromText == null) {
            return problem(IngressAnnotationTable.REWRITE_TARGET_FROM,
                    "Required value: rewrite-target-to needs rewrite-target-from");
        }
        if (toText == null) {
            return problem(IngressAnnotationTable.REWRITE_TARGET_TO,
                    "Required value: rewrite-target-from needs rewrite-target-to");
        }
        Optional<Pattern> from = IngressAnnotationTable.REWRITE_TARGET_FROM.parse(fromText).valueIfValid();
        Optional<RewriteTemplate> to = IngressAnnotationTable.REWRITE_TARGET_TO.parse(toText).valueIfValid();
        if (from.isEmpty() || to.isEmpty()) {
            return Optional.empty(); // reported on the annotation itself
        }
        int groups = from.get().groupCount();
        for (int group : to.get().groupReferences()) {
            if (group > groups) {
                return problem(IngressAnnotationTable.REWRITE_TARGET_TO, Messages.invalid(toText, "refers to $" + group
                        + " but rewrite-target-from has " + groups + " capture group" + (groups == 1 ? "" : "s")));
            }
        }
        if (groups >= TWO_DIGIT_GROUPS && to.get().referenceThenDigit()) {
            return problem(IngressAnnotationTable.REWRITE_TARGET_TO, Messages.invalid(toText,
                    "a group reference followed by a digit (as $10) is ambiguous when rewrite-target-from has "
                            + TWO_DIGIT_GROUPS + " or more capture groups: FSM reads two digits, the gateway one"));
        }
        return Optional.empty();
    }

    private static Optional<Problem> problem(IngressAnnotation<?> annotation, String message) {
        return Optional.of(new Problem(annotation.name(), message));
    }
}
