package io.meshgate.api;

import io.meshgate.db.StoredObject;

/**
 * What one write did.
 *
 * @param result created, configured, unchanged or deleted
 * @param before the object before (null when it did not exist)
 * @param after  the object after (null after a delete); for a dry run, null as well
 * @param patch  RFC 6902 patch between the redacted forms, or null when not computed
 */
record WriteOutcome(Result result, StoredObject before, StoredObject after, String patch) {

    /** Per-document result words, as {@code kubectl apply} prints them. */
    enum Result {
        CREATED, CONFIGURED, UNCHANGED, DELETED;

        String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
