package io.meshgate.resources.annotations;

import java.util.Optional;

/**
 * The outcome of reading one annotation value: the typed value, or the complete error message.
 *
 * @param <T> the annotation's value type
 */
public sealed interface Parsed<T> {

    /** A value that fits the grammar. */
    record Valid<T>(T value) implements Parsed<T> { }

    /**
     * A value that does not fit.
     *
     * @param message the whole message, e.g. {@code Unsupported value: "x": supported values: "a", "b"}
     */
    record Invalid<T>(String message) implements Parsed<T> { }

    static <T> Parsed<T> value(T value) {
        return new Valid<>(value);
    }

    static <T> Parsed<T> invalid(String message) {
        return new Invalid<>(message);
    }

    /** The error message; empty when the value fits. */
    default Optional<String> problem() {
        return this instanceof Invalid<T> invalid ? Optional.of(invalid.message()) : Optional.empty();
    }

    /** The typed value; empty when the value does not fit. */
    default Optional<T> valueIfValid() {
        return this instanceof Valid<T> valid ? Optional.ofNullable(valid.value()) : Optional.empty();
    }
}
