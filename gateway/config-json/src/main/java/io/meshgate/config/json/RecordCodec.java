package io.meshgate.config.json;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A config record as a JSON object whose properties are its components, in declaration order; null
 * components are left out. Reading goes through the canonical constructor, so the record validates and
 * defaults its values as it does for any caller: an absent object or list arrives as null and becomes the
 * record's default. Absent numbers and booleans are refused instead (they would silently be 0 or false),
 * and so are properties the record does not have.
 *
 * <p>Uses only the records' public API (components' accessors, the canonical constructor), looked up once.
 */
final class RecordCodec implements ValueCodec {
    private record Component(String name, SerializableString jsonName, Method accessor, boolean primitive,
                             ValueCodec codec) {}

    private final Class<?> type;
    private final Component[] components;
    private final Map<String, Integer> indexByName = new HashMap<>();
    private final Constructor<?> constructor;
    private final String knownNames;
    /** The problem when something else stands where this record belongs (made once: reads are hot). */
    private final String wanted;

    RecordCodec(Class<?> type, Function<java.lang.reflect.Type, ValueCodec> codecs) {
        if (!type.isRecord()) {
            throw new IllegalArgumentException(type.getName() + " is not a record");
        }
        this.type = type;
        RecordComponent[] recordComponents = type.getRecordComponents();
        components = new Component[recordComponents.length];
        Class<?>[] rawTypes = new Class<?>[recordComponents.length];
        for (int i = 0; i < recordComponents.length; i++) {
            RecordComponent component = recordComponents[i];
            rawTypes[i] = component.getType();
            components[i] = new Component(component.getName(), new SerializedString(component.getName()),
                    component.getAccessor(), component.getType().isPrimitive(),
                    codecs.apply(component.getGenericType()));
            indexByName.put(component.getName(), i);
        }
        try {
            constructor = type.getConstructor(rawTypes);
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(type.getName() + " has no public canonical constructor", e);
        }
        knownNames = String.join(", ", new TreeSet<>(indexByName.keySet()));
        wanted = "expected an object (" + ConfigCodecs.simpleName(type) + ")";
    }

    @Override
    public void write(Object value, JsonGenerator gen, WriteContext context) throws IOException {
        gen.writeStartObject();
        writeProperties(value, gen, context);
        gen.writeEndObject();
    }

    /** The properties alone, for {@link TypedCodec} that writes {@code "type"} before them. */
    void writeProperties(Object value, JsonGenerator gen, WriteContext context) throws IOException {
        for (Component component : components) {
            Object item = get(component, value);
            if (item != null) {
                gen.writeFieldName(component.jsonName());
                component.codec().write(item, gen, context);
            }
        }
    }

    @Override
    public Object read(JsonInput in) throws IOException {
        if (in.atNullElse(JsonToken.START_OBJECT, wanted)) {
            return null;
        }
        return readProperties(in, false);
    }

    /**
     * Reads the properties that follow the parser's position up to the object's end and builds the record.
     *
     * @param skipType true when the object's {@code "type"} is in the properties (its value was read apart)
     */
    Object readProperties(JsonInput in, boolean skipType) throws IOException {
        Object[] values = new Object[components.length];
        String name;
        while ((name = in.parser().nextFieldName()) != null) {
            Integer index = indexByName.get(name);
            if (index == null) {
                if (skipType && name.equals(TypedCodec.TYPE_PROPERTY)) {
                    in.parser().nextToken();
                    in.parser().skipChildren();
                    continue;
                }
                throw in.error("unknown property \"" + name + "\" (known: " + knownNames + ")").within(name);
            }
            try {
                in.parser().nextToken();
                values[index] = components[index].codec().read(in);
            } catch (ConfigJsonException e) {
                throw e.within(name);
            } catch (JacksonException e) {
                throw in.error(e).within(name);
            }
        }
        for (int i = 0; i < components.length; i++) {
            if (values[i] == null && components[i].primitive()) {
                throw in.error("missing property '" + components[i].name()
                        + "' (numbers and booleans must be written out)").within(components[i].name());
            }
        }
        return construct(in, values);
    }

    private Object construct(JsonInput in, Object[] values) {
        try {
            return constructor.newInstance(values);
        } catch (InvocationTargetException e) {
            Throwable refusal = e.getCause();
            if (refusal instanceof Error error) {
                throw error;
            }
            // the record's own validation message ("route r needs at least one cluster")
            String message = refusal.getMessage() != null ? refusal.getMessage()
                    : "cannot construct " + ConfigCodecs.simpleName(type) + ": " + refusal.getClass().getName();
            throw in.error(message, refusal);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot call the constructor of " + type.getName(), e);
        }
    }

    private static Object get(Component component, Object record) {
        try {
            return component.accessor().invoke(record);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("accessor " + component.name() + " failed", e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("accessor " + component.name() + " is not public", e);
        }
    }
}
