package io.meshgate.config.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Text: only a JSON string (or null) reads as text; a number or boolean where text belongs is a
 * mistake (an unquoted version {@code 1.10} would read as {@code "1.1"}). A redacted write strips PEM
 * private key blocks from every string.
 */
final class StringCodec implements ValueCodec {
    static final StringCodec INSTANCE = new StringCodec();

    private StringCodec() {}

    @Override
    public void write(Object value, JsonGenerator gen, WriteContext context) throws IOException {
        String text = (String) value;
        gen.writeString(context.redact() ? Redaction.stripKeys(text) : text);
    }

    @Override
    public Object read(JsonInput in) throws IOException {
        JsonToken token = in.parser().currentToken();
        if (token == JsonToken.VALUE_STRING) {
            return in.parser().getText();
        }
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        throw in.error("expected a string, got " + StrictJson.describe(token)
                + (token != null && token.isNumeric() ? " (" + in.parser().getText() + ")" : ""));
    }
}
