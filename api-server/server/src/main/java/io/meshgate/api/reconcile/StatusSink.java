package io.meshgate.api.reconcile;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshgate.resources.ResourceKey;

/**
 * Where the reconciler writes statuses: the API's status subresource write (only {@code status}
 * changes, audited as verb status only when it changed). Called on the reconcile thread.
 */
@FunctionalInterface
public interface StatusSink {
    /** Writes nothing: statuses stay in memory only. */
    StatusSink NONE = (key, expectedVersion, status) -> Result.UNCHANGED;

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
