package io.meshgate.config.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/** Durations as ISO-8601 text ({@code "PT5S"}), which is unambiguous about the unit (a bare 600 is not). */
final class DurationCodec implements ValueCodec {
    static final DurationCodec INSTANCE = new DurationCodec();

    private DurationCodec() {}

    @Override
    public void write(Object value, JsonGenerator gen, WriteContext context) throws IOException {
        gen.writeString(value.toString());
    }

    @Override
    public Object read(JsonInput in) throws IOException {
        if (in.atNullElse(JsonToken.VALUE_STRING, "a duration must be an ISO-8601 string such as \"PT5S\" or \"PT0.25S\"")) {
            return null;
        }
        String text = in.parser().getText().trim();
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw in.error("cannot read " + StrictJson.quote(text)
                    + " as a duration: not an ISO-8601 duration (examples: \"PT5S\", \"PT0.25S\", \"PT1M\")");
        }
    }
}
