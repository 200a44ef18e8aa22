package io.meshgate.config.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON as plain maps (in document order), lists and scalars, for tests that take a valid config
 * document apart and break it in one place. jackson-core only, like the codec under test.
 */
final class JsonTree {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonTree() {}

    static Object parse(String json) {
        try (JsonParser parser = FACTORY.createParser(json)) {
            parser.nextToken();
            return value(parser);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The object at {@code path} (property names and list indexes) below {@code root}, to change it. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object root, Object... path) {
        return (Map<String, Object>) at(root, path);
    }

    static Object at(Object root, Object... path) {
        Object node = root;
        for (Object step : path) {
            node = step instanceof Integer index ? ((List<?>) node).get(index) : ((Map<?, ?>) node).get(step);
        }
        return node;
    }

    /** Compact JSON. */
    static String write(Object tree) {
        StringWriter text = new StringWriter();
        try (JsonGenerator gen = FACTORY.createGenerator(text)) {
            write(tree, gen);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private static Object value(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        return switch (token) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                String name;
                while ((name = parser.nextFieldName()) != null) {
                    parser.nextToken();
                    map.put(name, value(parser));
                }
                yield map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    list.add(value(parser));
                }
                yield list;
            }
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getNumberValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new IllegalStateException("unexpected " + token);
        };
    }

    private static void write(Object node, JsonGenerator gen) throws IOException {
        switch (node) {
            case null -> gen.writeNull();
            case Map<?, ?> map -> {
                gen.writeStartObject();
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    gen.writeFieldName((String) entry.getKey());
                    write(entry.getValue(), gen);
                }
                gen.writeEndObject();
            }
            case List<?> list -> {
                gen.writeStartArray();
                for (Object item : list) {
                    write(item, gen);
                }
                gen.writeEndArray();
            }
            case String text -> gen.writeString(text);
            case Boolean bool -> gen.writeBoolean(bool);
            case Integer number -> gen.writeNumber(number);
            case Long number -> gen.writeNumber(number);
            case Double number -> gen.writeNumber(number);
            default -> gen.writeNumber(node.toString());
        }
    }
}
