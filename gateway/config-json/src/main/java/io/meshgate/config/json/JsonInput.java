package io.meshgate.config.json;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * The parser of a read and the text it parses, with what errors need to name a place in the whole
 * document: a virtual host or cluster (new text among reused fragments) or a listener or filter whose
 * {@code "type"} is not its first property is parsed again from its own text, by a parser that counts
 * lines from that text's start; {@link #baseLine} and {@link #baseColumn} put its locations back where
 * they are in the document.
 */
final class JsonInput {
    private final JsonParser parser;
    private final String text;
    private final int baseLine;
    private final int baseColumn;
    private final ParsedFragments fragments;

    private JsonInput(JsonParser parser, String text, int baseLine, int baseColumn, ParsedFragments fragments) {
        this.parser = parser;
        this.text = text;
        this.baseLine = baseLine;
        this.baseColumn = baseColumn;
        this.fragments = fragments;
    }

    /** A whole document; {@code fragments} (or null) offers the virtual hosts and clusters of the last read. */
    static JsonInput of(String document, ParsedFragments fragments) throws IOException {
        return new JsonInput(StrictJson.FACTORY.createParser(document), document, 1, 1, fragments);
    }

    JsonParser parser() {
        return parser;
    }

    /** The text this input's parser reads (its character offsets count from its start). */
    String text() {
        return text;
    }

    /** The fragments of the last read, or null when the caller gave none. */
    ParsedFragments fragments() {
        return fragments;
    }

    /**
     * A parser over {@code part}, a piece of this input's text that starts at {@code start} (a location
     * of this input's parser), positioned before its first token.
     */
    JsonInput part(String part, JsonLocation start) throws IOException {
        return new JsonInput(StrictJson.FACTORY.createParser(part), part, line(start), column(start), fragments);
    }

    /**
     * Whether the current token is JSON {@code null} (the value read is then null); otherwise it must be
     * {@code expected}.
     *
     * @param wanted what belongs here, for the error: {@code "expected an array"} becomes {@code "expected an
     *               array, got a string"}
     * @throws ConfigJsonException when the token is neither
     */
    boolean atNullElse(JsonToken expected, String wanted) {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return true;
        }
        if (token != expected) {
            throw error(wanted + ", got " + StrictJson.describe(token));
        }
        return false;
    }

    /** The problem at the current token. */
    ConfigJsonException error(String problem) {
        JsonLocation location = parser.currentTokenLocation();
        return new ConfigJsonException(problem, line(location), column(location), null);
    }

    /** The problem at the current token, caused by {@code cause} (a record's constructor refusing its values). */
    ConfigJsonException error(String problem, Throwable cause) {
        JsonLocation location = parser.currentTokenLocation();
        return new ConfigJsonException(problem, line(location), column(location), cause);
    }

    /** A syntax error (or a number too large) that this input's parser found. */
    ConfigJsonException error(JacksonException e) {
        JsonLocation location = e.getLocation();
        String problem = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        return new ConfigJsonException(problem, location == null ? 0 : line(location),
                location == null ? 0 : column(location), e);
    }

    private int line(JsonLocation location) {
        int line = location.getLineNr();
        return line <= 0 ? 0 : baseLine + line - 1;
    }

    private int column(JsonLocation location) {
        return location.getLineNr() == 1 ? baseColumn + location.getColumnNr() - 1 : location.getColumnNr();
    }
}
