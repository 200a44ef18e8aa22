package io.meshgate.db;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The operations of one write transaction ({@link ResourceStore#write}). Everything done through a
 * Tx commits together or not at all; reads see the transaction's own earlier writes.
 *
 * <p>Expected resource versions: {@code null} = no check, {@code 0} = the object must not exist
 * (create), {@code n > 0} = the object must exist at exactly revision n. A mismatch throws
 * {@link ConflictException} and rolls back the whole transaction.
 */
public interface Tx {

    /** Who performs this write; recorded on every audit row of the transaction. */
    Actor actor();

    /** The object as this transaction sees it. */
    Optional<StoredObject> get(String kind, String namespace, String name);

    /** Every object of {@code kind} in {@code namespace} ({@code null} = all namespaces), by namespace, name. */
    List<StoredObject> list(String kind, String namespace);

    /**
     * Creates or replaces an object; generation follows {@link SpecChange#AUTO}.
     *
     * @see #put(String, String, String, String, Map, Long, SpecChange)
     */
    StoredObject put(String kind, String namespace, String name, String bodyJson, Map<String, String> labels,
                     Long expectedResourceVersion);

    /**
     * Creates or replaces an object and takes the next revision for it.
     *
     * <p>The store stamps {@code metadata} (name, namespace, uid, resourceVersion, generation,
     * creationTimestamp, labels) into the body. On update the uid and creation time are kept and
     * generation grows by one when {@code specChange} says the spec changed. A put that changes
     * nothing returns the stored object unchanged: no new revision, no event.
     *
     * @param labels                  the object's labels, written into metadata.labels; {@code null}
     *                                takes them from the body's metadata.labels
     * @param expectedResourceVersion see the class comment
     * @throws ConflictException        when the expected version does not match
     * @throws IllegalArgumentException when the body is not a JSON object or names another object
     */
    StoredObject put(String kind, String namespace, String name, String bodyJson, Map<String, String> labels,
                     Long expectedResourceVersion, SpecChange specChange);

    /**
     * Deletes an object and takes the next revision for the deletion.
     *
     * @return the final state of the deleted object, carrying the deletion's resourceVersion, or
     *         empty when there was nothing to delete and no version was expected
     * @throws ConflictException when the expected version does not match (or the object is absent)
     */
    Optional<StoredObject> delete(String kind, String namespace, String name, Long expectedResourceVersion);

    /** Appends a chained audit row, committed with the rest of this transaction. */
    AuditRecord audit(AuditEntry entry);
}
