package io.meshgate.config.json;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.TreeSet;

/**
 * {@code List<X>} and {@code Set<X>} as JSON arrays. Sets are written sorted, so that two dumps of one
 * config are the same text (a record's {@code Set.of(...)} iterates in a different order in every JVM).
 * What is read is handed to the record's constructor, which makes its own immutable copy.
 */
final class CollectionCodec implements ValueCodec {
    private final ValueCodec element;
    private final boolean set;

    CollectionCodec(ValueCodec element, boolean set) {
        this.element = element;
        this.set = set;
    }

    @Override
    public void write(Object value, JsonGenerator gen, WriteContext context) throws IOException {
        Collection<?> values = (Collection<?>) value;
        if (set && !(values instanceof java.util.SortedSet<?>)) {
            values = new TreeSet<>(values);
        }
        gen.writeStartArray();
        for (Object item : values) {
            if (item == null) {
                gen.writeNull();
            } else {
                element.write(item, gen, context);
            }
        }
        gen.writeEndArray();
    }

    @Override
    public Object read(JsonInput in) throws IOException {
        if (in.atNullElse(JsonToken.START_ARRAY, "expected an array")) {
            return null;
        }
        Collection<Object> values = set ? new LinkedHashSet<>() : new ArrayList<>();
        int index = 0;
        while (in.parser().nextToken() != JsonToken.END_ARRAY) {
            try {
                values.add(element.read(in));
            } catch (ConfigJsonException e) {
                throw e.at(index);
            } catch (JacksonException e) {
                throw in.error(e).at(index);
            }
            index++;
        }
        return values;
    }
}
