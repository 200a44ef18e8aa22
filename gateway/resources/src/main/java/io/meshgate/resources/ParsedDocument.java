package io.meshgate.resources;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One resource read by {@link ResourceCodec#parseDocuments}, with where it came from: the
 * document's index in the stream, its index inside a {@code kind: List} (or -1), its first line,
 * and a way to find the line of any field, so validation errors can be shown at their line too.
 * It keeps the parsed source for that: hold it while reporting errors, keep only the
 * {@link #resource()} afterwards.
 */
public final class ParsedDocument {
    private final int documentIndex;
    private final int itemIndex;
    private final int line;
    private final Resource resource;
    private final SourceLocator locator;
    private final List<String> prefix;

    ParsedDocument(int documentIndex, int itemIndex, int line, Resource resource, SourceLocator locator,
                   List<String> prefix) {
        this.documentIndex = documentIndex;
        this.itemIndex = itemIndex;
        this.line = line;
        this.resource = Objects.requireNonNull(resource, "resource");
        this.locator = locator;
        this.prefix = List.copyOf(prefix);
    }

    /** 0-based index of the document in the YAML stream (0 for JSON). */
    public int documentIndex() {
        return documentIndex;
    }

    /** 0-based index in the {@code items} of a List document, or -1 when the document was the resource itself. */
    public int itemIndex() {
        return itemIndex;
    }

    /** 1-based line where the resource's object starts. */
    public int line() {
        return line;
    }

    public Resource resource() {
        return resource;
    }

    /**
     * The 1-based line of a field of this resource, given a {@link FieldError#field()} path such as
     * {@code spec.rules[0].http.paths[1].pathType} or {@code metadata.annotations[pipy.ingress.kubernetes.io/lb-type]}.
     * When the field is absent (a "Required value" error), the line of its nearest present parent.
     */
    public int lineOf(String fieldPath) {
        List<String> tokens = new ArrayList<>(prefix);
        tokens.addAll(pathTokens(fieldPath));
        int found = locator.lineOf(tokens);
        return found > 0 ? found : line;
    }

    /** Splits {@code a.b[0].c[key.with.dots]} into {@code [a, b, 0, c, key.with.dots]}. */
    static List<String> pathTokens(String path) {
        List<String> tokens = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int i = 0;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '.') {
                flush(tokens, current);
                i++;
            } else if (c == '[') {
                flush(tokens, current);
                int end = path.indexOf(']', i);
                if (end < 0) {
                    end = path.length();
                }
                tokens.add(path.substring(i + 1, end));
                i = end + 1;
            } else {
                current.append(c);
                i++;
            }
        }
        flush(tokens, current);
        return tokens;
    }

    private static void flush(List<String> tokens, StringBuilder current) {
        if (!current.isEmpty()) {
            tokens.add(current.toString());
            current.setLength(0);
        }
    }
}
