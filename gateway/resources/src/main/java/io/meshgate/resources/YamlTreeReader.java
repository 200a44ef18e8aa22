package io.meshgate.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads a YAML stream into JSON trees, one per document, the way Kubernetes' YAML decoder does
 * (YAML 1.1 scalars: {@code on} is a boolean, {@code 0755} is octal; timestamps stay strings).
 *
 * <p>Why not Jackson's YAML parser: it returns an alias ({@code *ref}) as the string "ref",
 * silently changing the manifest. This reader composes SnakeYAML's node graph instead and converts
 * it itself, which gives real alias and merge-key support under hard limits:
 * <ul>
 *   <li>document size, nesting depth and alias count are capped while parsing;</li>
 *   <li>alias expansion is metered (a "billion laughs" bomb fails fast) and recursive aliases are errors;</li>
 *   <li>only the standard tags for maps, lists, strings, numbers, booleans, null and timestamps are
 *       accepted; any other tag ({@code !foo}, {@code !!python/object}, {@code !!binary}) is an error;</li>
 *   <li>duplicate keys are errors (different tools would pick different values).</li>
 * </ul>
 * Nothing is ever instantiated from the YAML: the output is plain JSON nodes.
 */
final class YamlTreeReader {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> TRUE_WORDS = Set.of("yes", "true", "on");
    private static final String MERGE = Tag.MERGE.getValue();

    /** One document of the stream: its index, its composed node graph (for line lookups) and its tree. */
    record Document(int index, Node root, JsonNode tree) {}

    private final CodecLimits limits;

    YamlTreeReader(CodecLimits limits) {
        this.limits = limits;
    }

    /** Every non-empty document of the stream, in order. */
    List<Document> read(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(limits.maxAliases());
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(limits.maxDepth());
        options.setCodePointLimit(limits.maxDocumentChars());
        options.setAllowDuplicateKeys(false);
        options.setProcessComments(false);
        StreamReader reader = new StreamReader(text);
        Composer composer = new Composer(new ParserImpl(reader, options), new Resolver(), options);
        List<Document> documents = new ArrayList<>();
        int index = 0;
        try {
            while (composer.checkNode()) {
                if (index >= limits.maxDocuments()) {
                    throw new ResourceParseException(index, reader.getLine() + 1, 0,
                            "more than " + limits.maxDocuments() + " documents in one stream");
                }
                Node root = composer.getNode();
                if (!isEmptyDocument(root)) {
                    documents.add(new Document(index, root, convert(index, root)));
                }
                index++;
            }
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            if (e.getContext() != null) {
                problem = e.getContext() + ": " + problem;
            }
            throw new ResourceParseException(index, mark == null ? 0 : mark.getLine() + 1,
                    mark == null ? 0 : mark.getColumn() + 1, "invalid YAML: " + problem);
        } catch (YAMLException e) {
            // limits (size, depth, aliases) are reported without a mark: the reader knows where it stopped
            throw new ResourceParseException(index, reader.getLine() + 1, 0, "invalid YAML: " + e.getMessage());
        }
        return documents;
    }

    private static boolean isEmptyDocument(Node root) {
        return root instanceof ScalarNode scalar && Tag.NULL.equals(scalar.getTag());
    }

    private JsonNode convert(int index, Node root) {
        try {
            return new Converter().convert(root, 1);
        } catch (ConversionProblem e) {
            throw new ResourceParseException(index, e.mark == null ? 0 : e.mark.getLine() + 1,
                    e.mark == null ? 0 : e.mark.getColumn() + 1, e.getMessage());
        }
    }

    private static final class ConversionProblem extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient Mark mark;

        ConversionProblem(Mark mark, String message) {
            super(message, null, false, false);
            this.mark = mark;
        }
    }

    /** Converts one document's node graph; tracks alias revisits to bound expansion. */
    private final class Converter {
        private record Converted(JsonNode tree, int size, int height) {}

        private final Map<Node, Converted> done = new IdentityHashMap<>();
        private final Set<Node> inProgress = Collections.newSetFromMap(new IdentityHashMap<>());
        private int created;
        private int expanded;

        JsonNode convert(Node node, int depth) {
            if (node instanceof ScalarNode scalar) {
                created++;
                return scalar(scalar);
            }
            if (inProgress.contains(node)) {
                throw new ConversionProblem(node.getStartMark(), "recursive YAML alias: a node contains itself");
            }
            Converted previous = done.get(node);
            if (previous != null) {
                // an alias: the node was converted before; copying it costs what it contains
                expanded += previous.size();
                if (expanded > limits.maxAliasExpansion()) {
                    throw new ConversionProblem(node.getStartMark(), "YAML aliases expand to more than "
                            + limits.maxAliasExpansion() + " values (an alias bomb?)");
                }
                checkDepth(node, depth + previous.height() - 1);
                created += previous.size();
                return previous.tree().deepCopy();
            }
            checkDepth(node, depth);
            inProgress.add(node);
            int before = created;
            JsonNode tree = node instanceof MappingNode mapping ? mapping(mapping, depth) : sequence((SequenceNode) node, depth);
            inProgress.remove(node);
            created++;
            if (node.getAnchor() != null) {
                // only anchored nodes can be revisited through an alias: remember just those
                done.put(node, new Converted(tree, created - before, height(tree)));
            }
            return tree;
        }

        private void checkDepth(Node node, int depth) {
            if (depth > limits.maxDepth()) {
                throw new ConversionProblem(node.getStartMark(), "nesting deeper than " + limits.maxDepth() + " levels");
            }
        }

        private ObjectNode mapping(MappingNode node, int depth) {
            if (!Tag.MAP.equals(node.getTag())) {
                throw unsupportedTag(node);
            }
            ObjectNode object = NODES.objectNode();
            List<Node> merges = new ArrayList<>();
            for (NodeTuple tuple : node.getValue()) {
                if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                    throw new ConversionProblem(tuple.getKeyNode().getStartMark(),
                            "mapping keys must be plain strings, not lists or maps");
                }
                if (MERGE.equals(key.getTag().getValue())) {
                    merges.add(tuple.getValueNode());
                    continue;
                }
                if (Tag.NULL.equals(key.getTag())) {
                    throw new ConversionProblem(key.getStartMark(), "mapping keys must not be null");
                }
                if (!isStandardScalarTag(key.getTag())) {
                    throw unsupportedTag(key);
                }
                String name = key.getValue();
                if (object.has(name)) {
                    throw new ConversionProblem(key.getStartMark(), "duplicate key \"" + name + "\"");
                }
                object.set(name, convert(tuple.getValueNode(), depth + 1));
            }
            for (Node merge : merges) {
                merge(object, merge, depth);
            }
            return object;
        }

        /** YAML merge keys ({@code <<: *base}): merged entries never override explicit ones; earlier sources win. */
        private void merge(ObjectNode target, Node source, int depth) {
            List<Node> sources = source instanceof SequenceNode list ? list.getValue() : List.of(source);
            for (Node each : sources) {
                JsonNode merged = convert(each, depth);
                if (!(merged instanceof ObjectNode entries)) {
                    throw new ConversionProblem(each.getStartMark(), "a merge key (<<) must refer to a map or a list of maps");
                }
                for (Map.Entry<String, JsonNode> entry : entries.properties()) {
                    if (!target.has(entry.getKey())) {
                        target.set(entry.getKey(), entry.getValue());
                    }
                }
            }
        }

        private ArrayNode sequence(SequenceNode node, int depth) {
            if (!Tag.SEQ.equals(node.getTag())) {
                throw unsupportedTag(node);
            }
            ArrayNode array = NODES.arrayNode(node.getValue().size());
            for (Node item : node.getValue()) {
                array.add(convert(item, depth + 1));
            }
            return array;
        }

        private JsonNode scalar(ScalarNode node) {
            String value = node.getValue();
            Tag tag = node.getTag();
            if (Tag.STR.equals(tag) || Tag.TIMESTAMP.equals(tag)) {
                // timestamps stay text, as in Kubernetes (its decoder keeps them as strings)
                return NODES.textNode(value);
            }
            if (Tag.NULL.equals(tag)) {
                return NODES.nullNode();
            }
            if (Tag.BOOL.equals(tag)) {
                return NODES.booleanNode(TRUE_WORDS.contains(value.toLowerCase(Locale.ROOT)));
            }
            if (Tag.INT.equals(tag)) {
                return integer(value);
            }
            if (Tag.FLOAT.equals(tag)) {
                return decimal(value);
            }
            throw unsupportedTag(node);
        }

        private ConversionProblem unsupportedTag(Node node) {
            String tag = node.getTag().getValue();
            String shown = tag.startsWith(Tag.PREFIX) ? "!!" + tag.substring(Tag.PREFIX.length()) : tag;
            return new ConversionProblem(node.getStartMark(), "YAML tag " + shown + " is not supported"
                    + " (only plain maps, lists, strings, numbers, booleans and null)");
        }
    }

    private static boolean isStandardScalarTag(Tag tag) {
        return Tag.STR.equals(tag) || Tag.INT.equals(tag) || Tag.FLOAT.equals(tag) || Tag.BOOL.equals(tag)
                || Tag.TIMESTAMP.equals(tag);
    }

    /** YAML 1.1 integers: decimal, 0x hex, 0b binary, 0-prefixed octal, '_' separators; others stay text. */
    static JsonNode integer(String value) {
        String text = value.replace("_", "");
        boolean negative = text.startsWith("-");
        if (negative || text.startsWith("+")) {
            text = text.substring(1);
        }
        int radix = 10;
        if (text.startsWith("0x")) {
            radix = 16;
            text = text.substring(2);
        } else if (text.startsWith("0b")) {
            radix = 2;
            text = text.substring(2);
        } else if (text.length() > 1 && text.startsWith("0")) {
            radix = 8;
            text = text.substring(1);
        }
        BigInteger number;
        try {
            number = new BigInteger(text, radix);
        } catch (NumberFormatException e) {
            return NODES.textNode(value); // e.g. YAML 1.1 sexagesimal 1:20, which Kubernetes reads as a string
        }
        if (negative) {
            number = number.negate();
        }
        if (number.bitLength() < 32) {
            return NODES.numberNode(number.intValue());
        }
        if (number.bitLength() < 64) {
            return NODES.numberNode(number.longValue());
        }
        return NODES.numberNode(number);
    }

    /** YAML 1.1 floats; infinities, NaN and sexagesimal forms have no JSON form and stay text. */
    static JsonNode decimal(String value) {
        String text = value.replace("_", "");
        try {
            double number = Double.parseDouble(text);
            if (Double.isFinite(number) && !text.toLowerCase(Locale.ROOT).contains("inf")
                    && !text.toLowerCase(Locale.ROOT).contains("nan")) {
                return NODES.numberNode(number);
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        return NODES.textNode(value);
    }

    private static int height(JsonNode tree) {
        if (!tree.isContainerNode()) {
            return 0;
        }
        int max = 0;
        for (JsonNode child : tree) {
            max = Math.max(max, height(child));
        }
        return max + 1;
    }

    /** Finds lines in a composed YAML document by walking its node graph. */
    static final class Locator implements SourceLocator {
        private final Node root;

        Locator(Node root) {
            this.root = root;
        }

        @Override
        public int lineOf(List<String> tokens) {
            Node node = root;
            int line = root.getStartMark().getLine() + 1;
            for (String token : tokens) {
                if (node instanceof MappingNode mapping) {
                    NodeTuple found = null;
                    for (NodeTuple tuple : mapping.getValue()) {
                        if (tuple.getKeyNode() instanceof ScalarNode key && key.getValue().equals(token)
                                && !MERGE.equals(key.getTag().getValue())) {
                            found = tuple;
                            break;
                        }
                    }
                    if (found == null) {
                        return line;
                    }
                    line = found.getKeyNode().getStartMark().getLine() + 1;
                    node = found.getValueNode();
                } else if (node instanceof SequenceNode sequence) {
                    int i = parseIndex(token);
                    if (i < 0 || i >= sequence.getValue().size()) {
                        return line;
                    }
                    node = sequence.getValue().get(i);
                    line = node.getStartMark().getLine() + 1;
                } else {
                    return line;
                }
            }
            return line;
        }
    }

    static int parseIndex(String token) {
        if (token.isEmpty() || token.length() > 9 || !token.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Integer.parseInt(token);
    }
}
