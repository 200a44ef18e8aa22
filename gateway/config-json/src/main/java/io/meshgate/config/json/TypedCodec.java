package io.meshgate.config.json;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A listener or filter: an interface whose records are told apart by a {@code "type"} property
 * ({@code "http"}, {@code "headers"}...), written first. Reading takes {@code "type"} anywhere in the
 * object, as hand-written configs may put it: when it is not first, the object is skipped over to find
 * it and then parsed again from its own text (rare: this codec always writes it first).
 */
final class TypedCodec implements ValueCodec {
    static final String TYPE_PROPERTY = "type";
    private static final SerializableString TYPE_NAME = new SerializedString(TYPE_PROPERTY);

    private final String baseName;
    private final Map<String, RecordCodec> byId = new HashMap<>();
    private final Map<Class<?>, SerializableString> idByClass = new HashMap<>();
    private final Function<Object, String> idOf;
    private final String knownIds;

    private final String registry;

    /**
     * @param types    the records by type id
     * @param registry where {@code types} are declared, named when a record to write is not among them
     * @param idOf     the type id a record claims for itself (a filter's {@code type()}), or null when its
     *                 class alone decides; a write refuses a record whose id would not read back as it
     */
    TypedCodec(Class<?> base, Map<String, ? extends Class<?>> types, String registry, Function<Object, String> idOf,
               Function<java.lang.reflect.Type, ValueCodec> codecs) {
        this.baseName = base.getSimpleName();
        this.registry = registry;
        this.idOf = idOf;
        types.forEach((id, type) -> {
            byId.put(id, (RecordCodec) codecs.apply(type));
            idByClass.put(type, new SerializedString(id));
        });
        knownIds = String.join(", ", new TreeSet<>(types.keySet()));
    }

    @Override
    public void write(Object value, JsonGenerator gen, WriteContext context) throws IOException {
        String claimed = idOf.apply(value);
        SerializableString jsonId = idByClass.get(value.getClass());
        if (jsonId == null || (claimed != null && !jsonId.getValue().equals(claimed))) {
            throw new IllegalArgumentException(baseName + " " + value.getClass().getName()
                    + (claimed == null ? "" : " (type \"" + claimed + "\")") + " is not registered in " + registry);
        }
        String id = jsonId.getValue();
        gen.writeStartObject();
        gen.writeFieldName(TYPE_NAME);
        gen.writeString(jsonId);
        byId.get(id).writeProperties(value, gen, context);
        gen.writeEndObject();
    }

    @Override
    public Object read(JsonInput in) throws IOException {
        JsonParser parser = in.parser();
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.START_OBJECT) {
            throw in.error("expected an object (" + baseName + "), got " + StrictJson.describe(token));
        }
        JsonLocation start = parser.currentTokenLocation();
        String first = parser.nextFieldName();
        if (TYPE_PROPERTY.equals(first)) {
            parser.nextToken();
            return codecFor(in, typeId(in)).readProperties(in, false);
        }
        // "type" later in the object: find it, then read the object again from its own text
        String id = null;
        for (String name = first; name != null; name = parser.nextFieldName()) {
            parser.nextToken();
            if (TYPE_PROPERTY.equals(name)) {
                id = typeId(in);
            }
            parser.skipChildren();
        }
        if (id == null) {
            throw in.error("missing type id property '" + TYPE_PROPERTY + "' (known type ids: " + knownIds + ")");
        }
        RecordCodec codec = codecFor(in, id);
        int end = (int) parser.currentTokenLocation().getCharOffset() + 1;
        JsonInput again = in.part(in.text().substring((int) start.getCharOffset(), end), start);
        try (JsonParser reparse = again.parser()) {
            reparse.nextToken();
            return codec.readProperties(again, true);
        } catch (JacksonException e) {
            throw again.error(e);
        }
    }

    private String typeId(JsonInput in) throws IOException {
        if (in.parser().currentToken() != JsonToken.VALUE_STRING) {
            throw in.error("the type id '" + TYPE_PROPERTY + "' must be a string (known type ids: " + knownIds
                    + "), got " + StrictJson.describe(in.parser().currentToken()));
        }
        return in.parser().getText();
    }

    private RecordCodec codecFor(JsonInput in, String id) {
        RecordCodec codec = byId.get(id);
        if (codec == null) {
            throw in.error("could not resolve type id " + (id.length() > 64 ? "(not shown)" : "'" + id + "'")
                    + " as a subtype of " + baseName + ": known type ids = " + knownIds);
        }
        return codec;
    }
}
