package io.meshgate.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code -f} source: a file, or standard input for {@code -}.
 *
 * @param name where it came from, for messages
 * @param text its content (multi-document YAML, or JSON)
 */
record Manifest(String name, String text) {

    /** Reads {@code -f} arguments in order; {@code -} reads standard input once. */
    static List<Manifest> read(List<String> files, CliContext ctx) {
        List<Manifest> manifests = new ArrayList<>();
        for (String file : files) {
            manifests.add(file.equals("-") ? fromStdin(ctx.in()) : fromFile(ctx.resolve(file), file));
        }
        return manifests;
    }

    private static Manifest fromStdin(InputStream in) {
        try {
            return new Manifest("<stdin>", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new CliException("cannot read standard input: " + e.getMessage(), e);
        }
    }

    private static Manifest fromFile(Path path, String shown) {
        try {
            return new Manifest(shown, Files.readString(path));
        } catch (NoSuchFileException e) {
            throw new CliException("the path \"" + shown + "\" does not exist");
        } catch (IOException e) {
            throw new CliException("cannot read " + shown + ": " + e.getMessage(), e);
        }
    }

    /** JSON is sent as JSON (the server reports its positions); everything else as YAML. */
    boolean isJson() {
        String t = text.stripLeading();
        return t.startsWith("{") || t.startsWith("[");
    }

    /** The objects in this manifest, in order; a {@code kind: List} is expanded into its items. */
    List<ObjectNode> objects() {
        List<ObjectNode> objects = new ArrayList<>();
        try (JsonParser parser = Json.YAML.getFactory().createParser(text);
             MappingIterator<JsonNode> docs = Json.YAML.readValues(parser, JsonNode.class)) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc == null || doc.isNull() || doc.isMissingNode() || (doc.isTextual() && doc.asText().isBlank())) {
                    continue; // an empty document between two "---"
                }
                add(objects, doc);
            }
        } catch (CliException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new CliException("cannot parse " + name + ": " + e.getMessage(), e);
        }
        return objects;
    }

    private void add(List<ObjectNode> objects, JsonNode doc) {
        if (doc instanceof ArrayNode array) {
            array.forEach(item -> add(objects, item));
        } else if (doc instanceof ObjectNode object && object.path("kind").asText().endsWith("List")
                && object.path("items").isArray()) {
            object.get("items").forEach(item -> add(objects, item));
        } else if (doc instanceof ObjectNode object) {
            objects.add(object);
        } else {
            throw new CliException(name + ": a document is not an object");
        }
    }
}
