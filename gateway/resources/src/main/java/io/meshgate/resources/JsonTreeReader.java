package io.meshgate.resources;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.List;

/**
 * Reads one JSON document under the same limits as YAML (size, depth), rejecting duplicate keys
 * and trailing content; errors carry Jackson's line and column.
 */
final class JsonTreeReader {
    private final JsonFactory factory;
    private final ObjectMapper mapper;

    JsonTreeReader(CodecLimits limits) {
        this.factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxDocumentLength(limits.maxDocumentChars())
                        .maxNestingDepth(limits.maxDepth())
                        .maxStringLength(limits.maxDocumentChars())
                        .maxNumberLength(100)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.mapper = JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    JsonNode read(String text) {
        try {
            JsonNode tree = mapper.readTree(text);
            if (tree == null || tree.isMissingNode()) {
                throw new ResourceParseException(0, 1, 1, "the JSON input is empty");
            }
            return tree;
        } catch (JsonProcessingException e) {
            JsonLocation location = e.getLocation();
            throw new ResourceParseException(0, location == null ? 0 : Math.max(location.getLineNr(), 0),
                    location == null ? 0 : Math.max(location.getColumnNr(), 0), "invalid JSON: " + e.getOriginalMessage());
        }
    }

    SourceLocator locator(String text) {
        return tokens -> lineOf(text, tokens);
    }

    /** Re-reads the text (only when a line is asked for), skipping every subtree off the path. */
    private int lineOf(String text, List<String> tokens) {
        try (JsonParser parser = factory.createParser(text)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                return 0;
            }
            int line = parser.currentTokenLocation().getLineNr();
            for (String step : tokens) {
                if (token == JsonToken.START_OBJECT) {
                    boolean found = false;
                    while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                        String name = parser.currentName();
                        int keyLine = parser.currentTokenLocation().getLineNr();
                        token = parser.nextToken();
                        if (name.equals(step)) {
                            line = keyLine;
                            found = true;
                            break;
                        }
                        parser.skipChildren();
                    }
                    if (!found) {
                        return line;
                    }
                } else if (token == JsonToken.START_ARRAY) {
                    int wanted = YamlTreeReader.parseIndex(step);
                    int i = 0;
                    boolean found = false;
                    while ((token = parser.nextToken()) != JsonToken.END_ARRAY && token != null) {
                        if (i++ == wanted) {
                            line = parser.currentTokenLocation().getLineNr();
                            found = true;
                            break;
                        }
                        parser.skipChildren();
                    }
                    if (!found) {
                        return line;
                    }
                } else {
                    return line;
                }
            }
            return line;
        } catch (IOException e) {
            return 0;
        }
    }
}
