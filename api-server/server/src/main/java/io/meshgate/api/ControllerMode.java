package io.meshgate.api;

import io.meshgate.db.Actor;
import io.meshgate.db.StoredObject;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * What the control plane's own controllers (the ingress gateway certificate, AccessCerts) need of the
 * mode they run in, so their logic is written once for both: where they read objects, how they write
 * an object only if it is still the version they looked at, and what wakes them.
 *
 * <ul>
 *   <li>standalone ({@link StoreControllerMode}): the store's reads; each write one store transaction,
 *       audited with the controller as actor; woken by store commits;</li>
 *   <li>Kubernetes mode ({@link ClusterControllerMode}): the informers' caches; writes to the API server
 *       at the version looked at, audited when the informers observe them (the controller as actor);
 *       woken by the changes the informers observe and by gaining leadership, and only the leader's
 *       passes run, so replicas never issue competing certificates.</li>
 * </ul>
 * Status writes need no seam: {@link ResourceWrites#writeStatus} already follows the mode.
 */
interface ControllerMode {

    /** The mode's one source of truth for reads. */
    ResourceReads reads();

    /**
     * Writes {@code object} (created, or replaced) only if the object of that name is still at
     * {@code examinedVersion} (0: only if there is none).
     *
     * @param note why, for the audit row where the mode writes one with the write
     * @return false when it changed meanwhile (or this replica does not lead): the change that moved
     *         it brings another pass, which looks again
     */
    boolean putIfUnchanged(Actor actor, ResourceWrites.Candidate object, long examinedVersion, String note);

    /**
     * Deletes {@code seen} only if it is still at the version seen.
     *
     * @return false when it changed or went meanwhile (or this replica does not lead)
     */
    boolean deleteIfUnchanged(Actor actor, StoredObject seen, String note);

    /**
     * The controller's background loop: {@code pass} after each change (debounced) and at least every
     * {@code period}; a pass that throws is reported to {@code onFailure} and retried after
     * {@code retryAfterFailure}.
     */
    Loop loop(String threadName, Duration debounce, Duration period, Duration retryAfterFailure, Runnable pass,
              Consumer<RuntimeException> onFailure);

    /** A controller's background loop. */
    interface Loop extends AutoCloseable {
        /** Subscribes to the mode's changes and starts the thread; the first pass runs right away. */
        void start();

        /** Asks for a pass soon. */
        void wake();

        /** Stops listening and waits (bounded) for a running pass to finish. */
        @Override
        void close();
    }
}
