package io.meshgate.resources.schema;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Renders user values for error messages: JSON-quoted (so CR, LF and NUL show as escapes, never
 * raw) and cut to a readable length. Error messages travel to logs, audit rows and the console;
 * nothing a user typed may reach them unescaped.
 */
public final class Values {
    /** Longest part of a value repeated in a message. */
    static final int MAX_SHOWN = 80;

    private Values() {}

    /** {@code "value"} with JSON escapes, shortened with "..." past {@value #MAX_SHOWN} characters. */
    public static String quote(String value) {
        String shown = value.length() > MAX_SHOWN ? value.substring(0, MAX_SHOWN) + "..." : value;
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(shown)) + "\"";
    }

    /** A JSON value as a message shows it: strings quoted, numbers and booleans as is, containers by type. */
    public static String render(JsonNode value) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return "null";
        }
        if (value.isTextual()) {
            return quote(value.textValue());
        }
        if (value.isObject()) {
            return "object";
        }
        if (value.isArray()) {
            return "list";
        }
        return value.toString();
    }

    /** The kind of JSON value, for "must be a string, not a list" style messages. */
    public static String typeName(JsonNode value) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return "null";
        }
        if (value.isTextual()) {
            return "string";
        }
        if (value.isBoolean()) {
            return "boolean";
        }
        if (value.isIntegralNumber()) {
            return "integer";
        }
        if (value.isNumber()) {
            return "number";
        }
        if (value.isArray()) {
            return "list";
        }
        return "object";
    }
}
