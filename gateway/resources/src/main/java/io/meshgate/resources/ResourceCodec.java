package io.meshgate.resources;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads and writes resources as YAML and JSON, the formats of {@code kubectl apply -f}.
 *
 * <p>Input: a YAML stream of {@code ---}-separated documents (empty ones skipped) or one JSON
 * object. A document that is a {@code kind: List} (or a typed list such as {@code IngressList})
 * contributes each of its {@code items}. Parse errors are {@link ResourceParseException}s with the
 * document index and line. Reading is hardened against hostile input (see {@link CodecLimits} and
 * the YAML rules in {@link #parseYaml}). Whether a kind or apiVersion is known is not checked
 * here: that is {@link ResourceValidator}'s job.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ResourceCodec {
    private final YamlTreeReader yamlReader;
    private final JsonTreeReader jsonReader;
    private final ObjectWriter jsonWriter;
    private final ObjectMapper yamlWriter;

    /** A codec with {@link CodecLimits#DEFAULT}. */
    public ResourceCodec() {
        this(CodecLimits.DEFAULT);
    }

    public ResourceCodec(CodecLimits limits) {
        Objects.requireNonNull(limits, "limits");
        this.yamlReader = new YamlTreeReader(limits);
        this.jsonReader = new JsonTreeReader(limits);
        DefaultPrettyPrinter pretty = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance()
                        .withObjectFieldValueSpacing(Separators.Spacing.AFTER));
        this.jsonWriter = JsonMapper.builder().build().writer(pretty);
        this.yamlWriter = new YAMLMapper(YAMLFactory.builder()
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .stringQuotingChecker(new YamlQuoting())
                .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
                .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .build());
    }

    /** Parses YAML or JSON: input whose first non-blank character is '{' is read as JSON, anything else as YAML. */
    public List<Resource> parse(String text) {
        return resources(parseDocuments(text));
    }

    /**
     * Parses a YAML stream (YAML 1.1, as Kubernetes reads it). Aliases and merge keys work within
     * the limits; custom tags, duplicate keys and recursive aliases are errors.
     */
    public List<Resource> parseYaml(String text) {
        return resources(yamlDocuments(withoutByteOrderMark(text)));
    }

    /** Parses one JSON object (a resource or a List of resources). */
    public List<Resource> parseJson(String text) {
        return resources(jsonDocuments(withoutByteOrderMark(text)));
    }

    /** Like {@link #parse} but keeps, for each resource, its document index and lines. */
    public List<ParsedDocument> parseDocuments(String text) {
        Objects.requireNonNull(text, "text");
        String input = withoutByteOrderMark(text);
        return looksLikeJson(input) ? jsonDocuments(input) : yamlDocuments(input);
    }

    /**
     * Reads one resource from a JSON tree (e.g. a stored row or a request body already parsed).
     *
     * @throws ResourceParseException (document 0, no line) when the tree is not a resource
     */
    public Resource fromJson(JsonNode tree) {
        try {
            return ResourceTrees.fromTree(tree);
        } catch (ResourceTrees.TreeProblem e) {
            throw new ResourceParseException(0, 0, 0, e.getMessage());
        }
    }

    /** The resource as pretty-printed JSON. */
    public String toJson(Resource resource) {
        try {
            return jsonWriter.writeValueAsString(resource.toJson());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The resource as a YAML document (no leading {@code ---}); multi-line strings as literal blocks. */
    public String toYaml(Resource resource) {
        try {
            return yamlWriter.writeValueAsString(resource.toJson());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Several resources as one YAML stream, separated by {@code ---}. */
    public String toYaml(List<Resource> resources) {
        StringBuilder out = new StringBuilder();
        for (Resource resource : resources) {
            if (!out.isEmpty()) {
                out.append("---\n");
            }
            out.append(toYaml(resource));
        }
        return out.toString();
    }

    /** True when the first non-blank character is '{' (JSON object input). */
    public static boolean looksLikeJson(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isWhitespace(c) && c != '\uFEFF') {
                return c == '{';
            }
        }
        return false;
    }

    /** Editors on Windows save a UTF-8 byte order mark; it is not part of the document. */
    private static String withoutByteOrderMark(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private List<ParsedDocument> yamlDocuments(String text) {
        List<ParsedDocument> parsed = new ArrayList<>();
        for (YamlTreeReader.Document document : yamlReader.read(text)) {
            expand(document.index(), document.tree(), new YamlTreeReader.Locator(document.root()), parsed);
        }
        return parsed;
    }

    private List<ParsedDocument> jsonDocuments(String text) {
        List<ParsedDocument> parsed = new ArrayList<>();
        expand(0, jsonReader.read(text), jsonReader.locator(text), parsed);
        return parsed;
    }

    /** Adds the document's resource, or each item of a List document. */
    private static void expand(int index, JsonNode tree, SourceLocator locator, List<ParsedDocument> out) {
        if (!tree.isObject()) {
            throw new ResourceParseException(index, locator.lineOf(List.of()), 0,
                    "a document must be an object with apiVersion, kind and metadata, not a "
                            + (tree.isArray() ? "list" : "single value"));
        }
        JsonNode kind = tree.get("kind");
        JsonNode items = tree.get("items");
        if (kind != null && kind.isTextual() && kind.textValue().endsWith("List") && items != null) {
            if (!items.isArray()) {
                throw new ResourceParseException(index, locator.lineOf(List.of("items")), 0, "items must be a list");
            }
            String itemKind = kind.textValue().equals("List") ? null
                    : kind.textValue().substring(0, kind.textValue().length() - "List".length());
            JsonNode listApiVersion = tree.get("apiVersion");
            for (int i = 0; i < items.size(); i++) {
                JsonNode item = items.get(i);
                if (itemKind != null && item instanceof ObjectNode object) {
                    // typed lists from a Kubernetes API server omit each item's apiVersion and kind
                    item = object.deepCopy();
                    ((ObjectNode) item).putIfAbsent("kind", com.fasterxml.jackson.databind.node.TextNode.valueOf(itemKind));
                    if (listApiVersion != null) {
                        ((ObjectNode) item).putIfAbsent("apiVersion", listApiVersion);
                    }
                }
                out.add(read(index, i, item, locator, List.of("items", Integer.toString(i))));
            }
            return;
        }
        out.add(read(index, -1, tree, locator, List.of()));
    }

    private static ParsedDocument read(int index, int item, JsonNode tree, SourceLocator locator, List<String> prefix) {
        int line = locator.lineOf(prefix);
        try {
            return new ParsedDocument(index, item, line, ResourceTrees.fromTree(tree), locator, prefix);
        } catch (ResourceTrees.TreeProblem e) {
            List<String> path = new ArrayList<>(prefix);
            path.addAll(List.of(e.path));
            int problemLine = locator.lineOf(path);
            throw new ResourceParseException(index, problemLine > 0 ? problemLine : line, 0,
                    (item >= 0 ? "items[" + item + "]: " : "") + e.getMessage());
        }
    }

    private static List<Resource> resources(List<ParsedDocument> documents) {
        return documents.stream().map(ParsedDocument::resource).toList();
    }
}
