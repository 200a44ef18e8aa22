package io.meshgate.config.json;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;

/**
 * A virtual host, route or cluster, through the caches of a control plane and a proxy that handle
 * configs of thousands of routes where one change leaves nearly all of them as they were.
 *
 * <p>Writing with a {@link ConfigFragments}: an object written before (the same immutable object) is
 * copied as the compact text kept then; a new one is written apart (its routes again from the cache),
 * kept, and copied in. The text is the same as without the cache.
 *
 * <p>Reading with a {@link ParsedFragments} (virtual hosts and clusters): the object's text is cut from the
 * document while the parser skips over it (tokens only: syntax and duplicate keys are still checked), and
 * the record the last read bound from the same text is taken; new text is bound on its own, its errors
 * placed in the whole document.
 */
final class FragmentCodec implements ValueCodec {
    private final RecordCodec record;
    private final boolean reusedWhenRead;

    FragmentCodec(RecordCodec record, boolean reusedWhenRead) {
        this.record = record;
        this.reusedWhenRead = reusedWhenRead;
    }

    @Override
    public void write(Object value, JsonGenerator gen, WriteContext context) throws IOException {
        ConfigFragments fragments = context.fragments();
        if (fragments == null) {
            record.write(value, gen, context);
            return;
        }
        String json = fragments.find(value);
        if (json == null) {
            StringWriter text = new StringWriter();
            try (JsonGenerator part = StrictJson.generator(text, false)) {
                record.write(value, part, context);
            }
            json = text.toString();
            fragments.keep(value, json);
        }
        gen.writeRawValue(json);
    }

    @Override
    public Object read(JsonInput in) throws IOException {
        ParsedFragments fragments = in.fragments();
        JsonParser parser = in.parser();
        if (!reusedWhenRead || fragments == null || parser.currentToken() != JsonToken.START_OBJECT) {
            return record.read(in);
        }
        JsonLocation start = parser.currentTokenLocation();
        parser.skipChildren();
        int end = (int) parser.currentTokenLocation().getCharOffset() + 1;
        String json = in.text().substring((int) start.getCharOffset(), end);
        Object value = fragments.find(json);
        if (value == null) {
            JsonInput alone = in.part(json, start);
            try (JsonParser own = alone.parser()) {
                own.nextToken();
                value = record.read(alone);
            } catch (JacksonException e) {
                throw alone.error(e);
            }
            fragments.keep(json, value);
        }
        return value;
    }
}
