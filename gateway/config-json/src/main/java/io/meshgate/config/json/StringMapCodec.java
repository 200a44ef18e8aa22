package io.meshgate.config.json;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * {@code Map<String, X>} (header names to values) as a JSON object, written sorted by key so that two
 * dumps of one config are the same text; entries whose value is null are left out, like null properties.
 */
final class StringMapCodec implements ValueCodec {
    private final ValueCodec value;

    StringMapCodec(ValueCodec value) {
        this.value = value;
    }

    @Override
    public void write(Object map, JsonGenerator gen, WriteContext context) throws IOException {
        Map<?, ?> entries = (Map<?, ?>) map;
        if (!(entries instanceof SortedMap<?, ?> sorted && sorted.comparator() == null)) {
            entries = new TreeMap<>(entries);
        }
        gen.writeStartObject();
        for (Map.Entry<?, ?> entry : entries.entrySet()) {
            if (entry.getValue() != null) {
                gen.writeFieldName((String) entry.getKey());
                value.write(entry.getValue(), gen, context);
            }
        }
        gen.writeEndObject();
    }

    @Override
    public Object read(JsonInput in) throws IOException {
        if (in.atNullElse(JsonToken.START_OBJECT, "expected an object")) {
            return null;
        }
        Map<String, Object> entries = new LinkedHashMap<>();
        String key;
        while ((key = in.parser().nextFieldName()) != null) {
            try {
                in.parser().nextToken();
                entries.put(key, value.read(in));
            } catch (ConfigJsonException e) {
                throw e.within(key);
            } catch (JacksonException e) {
                throw in.error(e).within(key);
            }
        }
        return entries;
    }
}
