package io.meshgate.config.json;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/**
 * Writes and reads one Java type of the config records with jackson-core's streaming API: the whole
 * codec is a tree of these, built once per type by {@link ConfigCodecs}. They hold no state of a read
 * or write, so one tree serves every thread.
 */
interface ValueCodec {

    /** Writes {@code value} (never null: absent values are left out by their record) at the generator's position. */
    void write(Object value, JsonGenerator gen, WriteContext context) throws IOException;

    /**
     * Reads the value whose first token is the parser's current token and leaves the parser on its last
     * token (the closing bracket of an object or array).
     *
     * @throws ConfigJsonException naming the problem at the current token
     */
    Object read(JsonInput in) throws IOException;
}
