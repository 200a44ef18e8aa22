package io.meshgate.resources.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A JSON string, optionally limited to a set of values, a {@link Format}, a length, or non-empty text. */
public final class StringSchema implements Schema {
    private final List<String> allowed;
    private final boolean ignoreCase;
    private final List<Format> formats;
    private final int maxLength;
    private final boolean nonEmpty;

    StringSchema() {
        this(List.of(), false, List.of(), Integer.MAX_VALUE, false);
    }

    private StringSchema(List<String> allowed, boolean ignoreCase, List<Format> formats, int maxLength,
                         boolean nonEmpty) {
        this.allowed = allowed;
        this.ignoreCase = ignoreCase;
        this.formats = formats;
        this.maxLength = maxLength;
        this.nonEmpty = nonEmpty;
    }

    /** Only these exact values are accepted ({@code Unsupported value} otherwise). */
    public StringSchema oneOf(String... values) {
        return new StringSchema(List.of(values), false, formats, maxLength, nonEmpty);
    }

    /** Only these values, compared without regard to case. */
    public StringSchema oneOfIgnoringCase(String... values) {
        return new StringSchema(List.of(values), true, formats, maxLength, nonEmpty);
    }

    /** The text must fit this format (formats are checked in the order given, first problem wins). */
    public StringSchema format(Format format) {
        List<Format> more = new ArrayList<>(formats);
        more.add(format);
        return new StringSchema(allowed, ignoreCase, List.copyOf(more), maxLength, nonEmpty);
    }

    public StringSchema maxLength(int max) {
        return new StringSchema(allowed, ignoreCase, formats, max, nonEmpty);
    }

    /** The empty string is rejected as {@code Required value}. */
    public StringSchema nonEmpty() {
        return new StringSchema(allowed, ignoreCase, formats, maxLength, true);
    }

    @Override
    public void check(JsonNode value, FieldPath path, Problems problems) {
        if (!value.isTextual()) {
            problems.invalid(path, value, "must be a string, not " + article(Values.typeName(value)));
            return;
        }
        String text = value.textValue();
        if (text.isEmpty() && (nonEmpty || (!allowed.isEmpty() && !allowed.contains("")))) {
            problems.required(path, allowed.isEmpty() ? "must not be empty"
                    : "supported values: " + Problems.quoteAll(allowed));
            return;
        }
        if (text.length() > maxLength) {
            problems.tooLong(path, maxLength, "characters");
            return;
        }
        if (!allowed.isEmpty() && !isAllowed(text)) {
            problems.unsupported(path, text, allowed);
            return;
        }
        if (text.isEmpty() && !nonEmpty) {
            return;
        }
        for (Format format : formats) {
            Optional<String> problem = format.problem(text);
            if (problem.isPresent()) {
                problems.invalid(path, text, problem.get());
                return;
            }
        }
    }

    private boolean isAllowed(String text) {
        if (!ignoreCase) {
            return allowed.contains(text);
        }
        String lower = text.toLowerCase(Locale.ROOT);
        return allowed.stream().anyMatch(a -> a.toLowerCase(Locale.ROOT).equals(lower));
    }

    static String article(String typeName) {
        return switch (typeName) {
            case "null" -> "null";
            case "integer", "object" -> "an " + typeName;
            default -> "a " + typeName;
        };
    }

    /**
     * Enums only when compared exactly (OpenAPI enums are case-sensitive); a non-empty string is
     * {@code minLength: 1}. Formats stay with {@link #check}: their messages say more than a pattern.
     */
    @Override
    public ObjectNode openApi() {
        ObjectNode node = OpenApi.typed("string");
        if (!allowed.isEmpty() && !ignoreCase) {
            allowed.forEach(node.putArray("enum")::add);
        }
        if (nonEmpty) {
            node.put("minLength", 1);
        }
        if (maxLength != Integer.MAX_VALUE) {
            node.put("maxLength", maxLength);
        }
        return node;
    }
}
