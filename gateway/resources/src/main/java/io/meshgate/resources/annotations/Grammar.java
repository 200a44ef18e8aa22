package io.meshgate.resources.annotations;

/**
 * What one annotation accepts: a parser from the annotation's text to its typed value. Parsing never
 * renders the value into any configuration language; it only checks and converts.
 *
 * @param <T> the typed value
 */
public interface Grammar<T> {

    /** The typed value, or an error message that quotes the value and says what is accepted. */
    Parsed<T> parse(String text);

    /** What is accepted, in a few words for help texts and the docs. */
    String accepted();

    /** A value written the way the annotation would carry it (for defaults in help texts and docs). */
    default String show(T value) {
        return String.valueOf(value);
    }
}
