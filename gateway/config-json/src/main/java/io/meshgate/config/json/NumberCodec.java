package io.meshgate.config.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * {@code int}, {@code long} and {@code double} components, primitive or boxed. Only JSON numbers read as
 * numbers: a quoted number is refused, and so is a fraction where an integer belongs ({@code 1.5}
 * connections). A primitive may not be null (nor absent, which its record checks): left out it would
 * silently become 0, which changes behaviour (an endpoint weight of 0 drains it).
 */
final class NumberCodec implements ValueCodec {
    enum Kind { INT, LONG, DOUBLE }

    private final Kind kind;
    private final boolean primitive;

    NumberCodec(Kind kind, boolean primitive) {
        this.kind = kind;
        this.primitive = primitive;
    }

    @Override
    public void write(Object value, JsonGenerator gen, WriteContext context) throws IOException {
        switch (kind) {
            case INT -> gen.writeNumber((Integer) value);
            case LONG -> gen.writeNumber((Long) value);
            case DOUBLE -> gen.writeNumber((Double) value);
        }
    }

    @Override
    public Object read(JsonInput in) throws IOException {
        JsonToken token = in.parser().currentToken();
        if (token == JsonToken.VALUE_NUMBER_INT) {
            // Object arms: a switch over int, long and double (even boxed) would widen them all to double
            return switch (kind) {
                case INT -> (Object) in.parser().getIntValue();
                case LONG -> (Object) in.parser().getLongValue();
                case DOUBLE -> (Object) in.parser().getDoubleValue();
            };
        }
        if (token == JsonToken.VALUE_NUMBER_FLOAT && kind == Kind.DOUBLE) {
            return in.parser().getDoubleValue();
        }
        if (token == JsonToken.VALUE_NULL && !primitive) {
            return null;
        }
        String expected = kind == Kind.DOUBLE ? "a number" : "an integer";
        if (token == JsonToken.VALUE_NULL) {
            throw in.error("expected " + expected + ", got null (numbers must be written out)");
        }
        throw in.error("expected " + expected + ", got " + StrictJson.describe(token)
                + (token == JsonToken.VALUE_NUMBER_FLOAT ? " (" + in.parser().getText() + ")" : ""));
    }
}
