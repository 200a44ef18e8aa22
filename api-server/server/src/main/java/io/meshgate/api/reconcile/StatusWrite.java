package io.meshgate.api.reconcile;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshgate.resources.ResourceKey;

/**
 * One status write into the store, as the API's status subresource does it (only {@code status}
 * changes, audited as verb status only when it changed). {@link StoreStatusSink} calls it on the
 * reconcile thread.
 */
@FunctionalInterface
public interface StatusWrite {

    /** What a write did. */
    enum Result {
        /** the status changed and was stored */
        WRITTEN,
        /** the stored status was already this one */
        UNCHANGED,
        /** the object changed since {@code expectedVersion}: read it again and retry */
        CONFLICT,
        /** the object no longer exists */
        GONE
    }

    /**
     * Replaces the status of {@code key}, provided it is still at {@code expectedVersion}.
     *
     * @param status the whole new status
     */
    Result write(ResourceKey key, long expectedVersion, ObjectNode status);
}
