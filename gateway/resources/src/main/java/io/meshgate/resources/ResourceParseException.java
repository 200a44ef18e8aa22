package io.meshgate.resources;

/**
 * A YAML or JSON input that cannot become resources: bad syntax, a limit exceeded (size, depth,
 * aliases), an unsupported YAML tag, or a structural problem such as a label value that is not a
 * string. It says where: the document (0-based position in a {@code ---} stream) and the 1-based
 * line and column, so the console can mark the spot.
 */
public final class ResourceParseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int documentIndex;
    private final int line;
    private final int column;
    private final String problem;

    /**
     * @param documentIndex 0-based index of the document in the stream
     * @param line          1-based line, or 0 when unknown
     * @param column        1-based column, or 0 when unknown
     * @param problem       what is wrong, without location
     */
    public ResourceParseException(int documentIndex, int line, int column, String problem) {
        super(describe(documentIndex, line, column, problem));
        this.documentIndex = documentIndex;
        this.line = line;
        this.column = column;
        this.problem = problem;
    }

    /** 0-based index of the offending document in a multi-document stream (0 for JSON). */
    public int documentIndex() {
        return documentIndex;
    }

    /** 1-based line of the problem in the whole input, or 0 when unknown. */
    public int line() {
        return line;
    }

    /** 1-based column, or 0 when unknown. */
    public int column() {
        return column;
    }

    /** The problem without the location prefix. */
    public String problem() {
        return problem;
    }

    private static String describe(int documentIndex, int line, int column, String problem) {
        StringBuilder where = new StringBuilder("document ").append(documentIndex + 1);
        if (line > 0) {
            where.append(", line ").append(line);
            if (column > 0) {
                where.append(", column ").append(column);
            }
        }
        return where.append(": ").append(problem).toString();
    }
}
