package io.meshgate.config.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * An enum by its constant's name ({@code "ROUND_ROBIN"}). Surrounding spaces are ignored, as they were;
 * a number (a constant's position) is refused: a reordered enum would change its meaning.
 */
final class EnumCodec implements ValueCodec {
    private final Class<?> type;
    private final Map<String, Object> byName = new HashMap<>();

    EnumCodec(Class<?> type) {
        this.type = type;
        for (Object constant : type.getEnumConstants()) {
            byName.put(((Enum<?>) constant).name(), constant);
        }
    }

    @Override
    public void write(Object value, JsonGenerator gen, WriteContext context) throws IOException {
        gen.writeString(((Enum<?>) value).name());
    }

    @Override
    public Object read(JsonInput in) throws IOException {
        JsonToken token = in.parser().currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token == JsonToken.VALUE_STRING) {
            String name = in.parser().getText();
            Object constant = byName.get(name);
            if (constant == null) {
                constant = byName.get(name.trim());
            }
            if (constant != null) {
                return constant;
            }
            throw in.error("cannot read " + StrictJson.quote(name) + " as " + ConfigCodecs.simpleName(type)
                    + ": not one of " + names());
        }
        throw in.error("expected one of " + names() + ", got " + StrictJson.describe(token));
    }

    private String names() {
        return Arrays.toString(type.getEnumConstants());
    }
}
