package io.meshgate.resources;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What one JSON patch may still grow its document by. {@link JsonPatch} asks before each operation
 * that adds to the document, so a patch that would blow the document up is refused before the
 * oversized tree exists; sizes are {@link JsonSize} estimates, updated per operation instead of
 * re-measuring the whole document.
 */
final class PatchBudget {
    private final long maxChars;
    private long size;
    private long copied;

    PatchBudget(JsonPatchLimits limits, JsonNode document) {
        this.maxChars = limits.maxDocumentChars();
        this.size = JsonSize.of(document);
    }

    /**
     * Records that operation {@code operation} adds {@code added} characters and takes away
     * {@code removed}; refuses when that grows the document past the limit.
     */
    void change(int operation, long added, long removed) {
        long next = size + added - removed;
        if (added > removed && next > maxChars) {
            throw new JsonPatchLimitException(JsonPatchLimitException.Limit.DOCUMENT_SIZE, operation,
                    "the patched document would grow to about " + next + " characters; at most " + maxChars
                            + " are allowed");
        }
        size = next;
    }

    /**
     * Records a {@code copy} of {@code chars} characters. Copies are counted on their own too:
     * copying a large subtree and removing it again keeps the size flat but not the work.
     */
    void copy(int operation, long chars) {
        copied += chars;
        if (copied > maxChars) {
            throw new JsonPatchLimitException(JsonPatchLimitException.Limit.DOCUMENT_SIZE, operation,
                    "the copy operations of this patch would copy about " + copied + " characters; at most "
                            + maxChars + " are allowed");
        }
    }
}
