package io.meshgate.resources;

/**
 * Bounds on one JSON patch ({@link JsonPatch}), so a small request cannot make the server build a
 * huge document: each {@code copy} of {@code /spec} into itself doubles the object, and some 45 of
 * them would need terabytes.
 *
 * @param maxOperations    most operations in one patch (the Kubernetes API server allows 10 000)
 * @param maxDocumentChars largest patched document, in characters of compact JSON, checked after
 *                         every operation before it is carried out; also the most characters all
 *                         {@code copy} operations of one patch may copy together, which bounds the
 *                         work of copying and removing the same large subtree over and over
 */
public record JsonPatchLimits(int maxOperations, long maxDocumentChars) {

    /** Most operations in one patch by default. */
    public static final int DEFAULT_MAX_OPERATIONS = 10_000;

    /** 10 000 operations; documents as large as the codec reads one ({@link CodecLimits#DEFAULT}, 5 MiB). */
    public static final JsonPatchLimits DEFAULT =
            new JsonPatchLimits(DEFAULT_MAX_OPERATIONS, CodecLimits.DEFAULT.maxDocumentChars());

    public JsonPatchLimits {
        if (maxOperations < 1 || maxDocumentChars < 1) {
            throw new IllegalArgumentException("JSON patch limits must be positive: " + maxOperations + ", "
                    + maxDocumentChars);
        }
    }
}
