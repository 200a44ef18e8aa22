package io.meshgate.resources.annotations;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * FSM's true/false words, any case. FSM reads any other word as false with a log line; Meshgate
 * refuses it, so a typo such as {@code ture} is reported instead of silently turning a feature off.
 */
public final class FlagGrammar implements Grammar<Boolean> {
    /** Words read as true. */
    public static final List<String> TRUE_WORDS = List.of("1", "t", "true", "y", "yes", "on");
    /** Words read as false; the empty value too. */
    public static final List<String> FALSE_WORDS = List.of("0", "f", "false", "n", "no", "off", "");

    private static final List<String> ALL_WORDS = allWords();

    @Override
    public Parsed<Boolean> parse(String text) {
        String word = text.toLowerCase(Locale.ROOT);
        if (TRUE_WORDS.contains(word)) {
            return Parsed.value(true);
        }
        if (FALSE_WORDS.contains(word)) {
            return Parsed.value(false);
        }
        return Parsed.invalid(Messages.unsupported(text, ALL_WORDS));
    }

    @Override
    public String accepted() {
        return "true: " + String.join(", ", TRUE_WORDS) + "; false: "
                + String.join(", ", FALSE_WORDS.subList(0, FALSE_WORDS.size() - 1)) + " or empty; any case";
    }

    @Override
    public String show(Boolean value) {
        return value ? "true" : "false";
    }

    private static List<String> allWords() {
        List<String> all = new ArrayList<>(TRUE_WORDS);
        all.addAll(FALSE_WORDS);
        return List.copyOf(all);
    }
}
