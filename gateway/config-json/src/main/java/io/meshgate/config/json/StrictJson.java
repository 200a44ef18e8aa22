package io.meshgate.config.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import java.io.IOException;
import java.io.Writer;

/**
 * The one {@link JsonFactory} of the codec. Its parsers refuse duplicate keys (the second
 * {@code "weight"} would otherwise silently win); its generators write what the Jackson databind
 * codec before wrote, so configs hash the same: compact, or Jackson's default pretty printer
 * ({@code "key" : value}, two spaces per level, {@code [ a, b ]}).
 */
final class StrictJson {
    private StrictJson() {}

    static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    static JsonGenerator generator(Writer out, boolean pretty) throws IOException {
        JsonGenerator gen = FACTORY.createGenerator(out);
        if (pretty) {
            gen.setPrettyPrinter(new DefaultPrettyPrinter());
        }
        return gen;
    }

    /**
     * A string of the document quoted for an error message, unless it may be key material or is long:
     * an error message goes to logs and status fields, where no key may appear.
     */
    static String quote(String text) {
        return text.length() > 64 || text.contains("PRIVATE") || text.contains("-----") ? "(a string, not shown)"
                : '"' + text + '"';
    }

    /** {@code "a string"}, {@code "a number"}...: what the document holds where something else belongs. */
    static String describe(JsonToken token) {
        if (token == null) {
            return "the end of the document";
        }
        return switch (token) {
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT -> "an integer";
            case VALUE_NUMBER_FLOAT -> "a floating-point number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            default -> token.toString();
        };
    }
}
