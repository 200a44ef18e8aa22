package io.meshgate.resources.annotations;

import java.util.List;
import java.util.function.Function;

/**
 * One word out of a fixed list, each standing for one value of {@code T}.
 *
 * @param <T> the value a word stands for (an enum)
 */
public final class ChoiceGrammar<T> implements Grammar<T> {
    private final List<T> values;
    private final Function<T, String> word;
    private final boolean ignoreCase;

    /**
     * @param values     the values in the order messages and the console list them
     * @param word       the word that stands for a value
     * @param ignoreCase whether {@code grpc} counts as {@code GRPC} (FSM compares some words in any case)
     */
    public ChoiceGrammar(List<T> values, Function<T, String> word, boolean ignoreCase) {
        this.values = List.copyOf(values);
        this.word = word;
        this.ignoreCase = ignoreCase;
    }

    /** The accepted words, in order. */
    public List<String> words() {
        return values.stream().map(word).toList();
    }

    @Override
    public Parsed<T> parse(String text) {
        for (T value : values) {
            String w = word.apply(value);
            if (ignoreCase ? w.equalsIgnoreCase(text) : w.equals(text)) {
                return Parsed.value(value);
            }
        }
        return Parsed.invalid(Messages.unsupported(text, words()));
    }

    @Override
    public String accepted() {
        return String.join(", ", words()) + (ignoreCase ? "; any case" : "");
    }

    @Override
    public String show(T value) {
        return word.apply(value);
    }
}
