package io.meshgate.resources;

/**
 * Bounds on what {@link ResourceCodec} will read, so a hostile manifest cannot exhaust memory or
 * stack: a YAML "billion laughs" alias bomb, a huge document or a deeply nested one is rejected
 * with an error instead.
 *
 * @param maxDocumentChars   longest single document, in characters (JSON: the whole input)
 * @param maxDepth           deepest nesting of objects and lists, counting alias expansions
 * @param maxAliases         most YAML aliases to lists or maps per stream (scalar aliases are free)
 * @param maxAliasExpansion  most JSON nodes that alias expansion may add to one document
 * @param maxDocuments       most documents in one YAML stream
 */
public record CodecLimits(int maxDocumentChars, int maxDepth, int maxAliases, int maxAliasExpansion,
                          int maxDocuments) {

    /** 5 MiB documents, depth 64, 50 aliases expanding to at most 100 000 nodes, 1000 documents. */
    public static final CodecLimits DEFAULT = new CodecLimits(5 * 1024 * 1024, 64, 50, 100_000, 1000);

    public CodecLimits {
        if (maxDocumentChars < 1 || maxDepth < 2 || maxAliases < 0 || maxAliasExpansion < 0 || maxDocuments < 1) {
            throw new IllegalArgumentException("codec limits must be positive: " + maxDocumentChars + ", " + maxDepth
                    + ", " + maxAliases + ", " + maxAliasExpansion + ", " + maxDocuments);
        }
    }
}
