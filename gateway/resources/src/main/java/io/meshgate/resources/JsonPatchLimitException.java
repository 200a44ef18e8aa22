package io.meshgate.resources;

/** A JSON patch refused by a {@link JsonPatchLimits} bound; nothing of it was applied. */
public final class JsonPatchLimitException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** Which bound the patch exceeds. */
    public enum Limit {
        /** More operations than {@link JsonPatchLimits#maxOperations()}. */
        OPERATIONS,
        /** The document would grow past {@link JsonPatchLimits#maxDocumentChars()}, or copies exceed it. */
        DOCUMENT_SIZE
    }

    private final Limit limit;
    private final int operation;

    JsonPatchLimitException(Limit limit, int operation, String message) {
        super("operation " + operation + ": " + message);
        this.limit = limit;
        this.operation = operation;
    }

    public Limit limit() {
        return limit;
    }

    /** Index in the patch of the first operation past the bound. */
    public int operation() {
        return operation;
    }
}
