package io.meshgate.reconcile;

/**
 * Where the reconciler reads the world from: the store in standalone mode, the informer caches on
 * Kubernetes. The only place that differs by mode on the way in.
 *
 * <p>Both calls come from the reconcile thread, except that listeners are told of changes on
 * whatever thread makes them; a listener only marks the reconciler dirty, so it is cheap.
 */
public interface SnapshotSource {

    /**
     * Every object of the kinds the translators read, at one consistent version, typed.
     *
     * @throws RuntimeException when the source cannot be read now (the pass is retried)
     */
    ResourceSnapshot read();

    /** Calls {@code listener} after every change a new snapshot would show. */
    void addChangeListener(Runnable listener);

    /** Stops calling {@code listener}. */
    void removeChangeListener(Runnable listener);
}
