package io.meshgate.config.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * {@code boolean} and {@code Boolean} components: only {@code true} and {@code false} (not {@code 1}, not
 * {@code "true"}); a primitive may not be null, since left out it would silently become false
 * ({@code mergeSlashes: false} turns a protection off).
 */
final class BooleanCodec implements ValueCodec {
    private final boolean primitive;

    BooleanCodec(boolean primitive) {
        this.primitive = primitive;
    }

    @Override
    public void write(Object value, JsonGenerator gen, WriteContext context) throws IOException {
        gen.writeBoolean((Boolean) value);
    }

    @Override
    public Object read(JsonInput in) throws IOException {
        JsonToken token = in.parser().currentToken();
        if (token == JsonToken.VALUE_TRUE) {
            return Boolean.TRUE;
        }
        if (token == JsonToken.VALUE_FALSE) {
            return Boolean.FALSE;
        }
        if (token == JsonToken.VALUE_NULL && !primitive) {
            return null;
        }
        throw in.error("expected true or false, got " + StrictJson.describe(token)
                + (token == JsonToken.VALUE_NULL ? " (booleans must be written out)" : ""));
    }
}
