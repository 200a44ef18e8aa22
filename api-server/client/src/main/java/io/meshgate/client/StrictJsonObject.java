package io.meshgate.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One JSON object read strictly with jackson-core's streaming parser: the small documents a proxy
 * process reads besides its config (the control plane's answers to a registration or a token exchange,
 * a problem's {@code detail}, a MeshConfig for sidecar-init). Not jackson-databind: its ~1,100 classes
 * and 6-14 MiB of resident memory are too much for a process beside every workload.
 *
 * <p>Strict: the text is one object and nothing after it, no field name twice in an object, at most
 * {@value #MAX_CHARS} characters and {@value #MAX_DEPTH} levels deep. A value is kept as a
 * {@link String}, a {@link Long} (or a {@link BigInteger} beyond it), a {@link BigDecimal} for a number
 * with a fraction or an exponent, a {@link Boolean}, a {@code StrictJsonObject}, an unmodifiable
 * {@link List} of values, or {@code null}. The typed accessors treat an absent field and a JSON
 * {@code null} alike, and name the field's path and what it holds when it is of another type.
 */
public final class StrictJsonObject {
    /** Longer texts are refused before parsing: the documents read here are a few KiB at most. */
    public static final int MAX_CHARS = 1 << 20;
    /** Deeper nesting is refused (a Kubernetes object nests about ten levels). */
    public static final int MAX_DEPTH = 64;

    // duplicate names are caught by readObject, not StreamReadFeature.STRICT_DUPLICATE_DETECTION: its
    // message names the field only, readObject's names its path
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH).maxDocumentLength(MAX_CHARS).build())
            .build();

    private final String path;
    private final Map<String, Object> fields;

    private StrictJsonObject(String path, Map<String, Object> fields) {
        this.path = path;
        this.fields = Collections.unmodifiableMap(fields);
    }

    /**
     * Reads {@code text}, which must be exactly one JSON object.
     *
     * @throws IllegalArgumentException saying what is wrong, phrased to follow "the answer is": {@code not
     *                                  JSON: ...}, {@code not a JSON object but an array}, {@code longer than ...},
     *                                  {@code not one JSON object: more follows ...}, {@code not strict JSON: spec.x appears twice ...}
     */
    public static StrictJsonObject parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.length() > MAX_CHARS) {
            throw new IllegalArgumentException("longer than " + MAX_CHARS + " characters (" + text.length() + ")");
        }
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new IllegalArgumentException("not JSON: the text is empty");
            }
            if (first != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object but " + describeStart(first));
            }
            StrictJsonObject root = readObject(parser, "");
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("not one JSON object: more follows it" + where(parser.currentTokenLocation()));
            }
            return root;
        } catch (StreamConstraintsException e) {
            throw new IllegalArgumentException("too large for a proxy to read: " + e.getOriginalMessage()
                    + where(e.getLocation()), e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage() + where(e.getLocation()), e);
        } catch (IOException e) {
            throw new UncheckedIOException("reading JSON from a string", e); // a string never fails to read
        }
    }

    /** Where this object is in its document: {@code ""} for the root, else e.g. {@code spec.traffic} or {@code items[2]}. */
    public String path() {
        return path;
    }

    /** The path of field {@code name} of this object, for messages: {@code spec.traffic.inboundPortExclusionList}. */
    public String path(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** The field names in document order. */
    public Set<String> names() {
        return fields.keySet();
    }

    /** A field's value as read (see the class comment for the types), null when absent or JSON {@code null}. */
    public Object get(String name) {
        return fields.get(name);
    }

    /**
     * @return the string field {@code name}, empty when absent or {@code null}
     * @throws IllegalArgumentException when it holds anything but a string
     */
    public Optional<String> string(String name) {
        return Optional.ofNullable(typed(name, String.class, "a string"));
    }

    /**
     * @return the object field {@code name}, empty when absent or {@code null}
     * @throws IllegalArgumentException when it holds anything but an object
     */
    public Optional<StrictJsonObject> object(String name) {
        return Optional.ofNullable(typed(name, StrictJsonObject.class, "an object"));
    }

    /**
     * @return the array field {@code name} (its items may be null), the empty list when absent or {@code null}
     * @throws IllegalArgumentException when it holds anything but an array
     */
    public List<?> array(String name) {
        List<?> list = typed(name, List.class, "an array");
        return list == null ? List.of() : list;
    }

    /** What a value read here is, for messages: {@code a string}, {@code a number}, {@code null}... */
    public static String describe(Object value) {
        return switch (value) {
            case null -> "null";
            case String s -> "a string";
            case Number n -> "a number";
            case Boolean b -> "a boolean";
            case StrictJsonObject o -> "an object";
            case List<?> l -> "an array";
            default -> value.getClass().getSimpleName();
        };
    }

    @Override
    public String toString() {
        return "StrictJsonObject" + (path.isEmpty() ? "" : " at " + path) + " with fields " + fields.keySet();
    }

    private <T> T typed(String name, Class<T> type, String wanted) {
        Object value = fields.get(name);
        if (value == null || type.isInstance(value)) {
            return type.cast(value);
        }
        throw new IllegalArgumentException(path(name) + " must be " + wanted + ", not " + describe(value));
    }

    private static StrictJsonObject readObject(JsonParser parser, String path) throws IOException {
        Map<String, Object> fields = new LinkedHashMap<>();
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            String fieldPath = path.isEmpty() ? name : path + "." + name;
            if (fields.containsKey(name)) {
                throw new IllegalArgumentException("not strict JSON: " + fieldPath + " appears twice"
                        + where(parser.currentTokenLocation()));
            }
            parser.nextToken();
            fields.put(name, readValue(parser, fieldPath));
        }
        if (token != JsonToken.END_OBJECT) {
            throw new IllegalArgumentException("not JSON: the text ends inside " + (path.isEmpty() ? "the object" : path));
        }
        return new StrictJsonObject(path, fields);
    }

    private static List<Object> readArray(JsonParser parser, String path) throws IOException {
        List<Object> items = new ArrayList<>();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token == null) {
                throw new IllegalArgumentException("not JSON: the text ends inside " + path);
            }
            items.add(readValue(parser, path + "[" + items.size() + "]"));
        }
        return Collections.unmodifiableList(items);
    }

    private static Object readValue(JsonParser parser, String path) throws IOException {
        return switch (parser.currentToken()) {
            case START_OBJECT -> readObject(parser, path);
            case START_ARRAY -> readArray(parser, path);
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT -> parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? parser.getBigIntegerValue() : (Object) parser.getLongValue();
            case VALUE_NUMBER_FLOAT -> parser.getDecimalValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            // the parser reports malformed text itself; nothing else can start a value
            default -> throw new IllegalStateException("unexpected " + parser.currentToken() + " at " + path);
        };
    }

    private static String describeStart(JsonToken first) {
        return switch (first) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> first.toString();
        };
    }

    private static String where(JsonLocation location) {
        return location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
