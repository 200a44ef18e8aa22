package io.meshgate.kube;

import io.meshgate.reconcile.ResourceSnapshot;
import io.meshgate.reconcile.SnapshotSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Kubernetes mode's {@link SnapshotSource}: the informers' caches, converted to typed resources
 * ({@link ClusterSnapshot#toSnapshot}), each object parsed once per resourceVersion. Every informer
 * event is a change; the snapshot's revision counts them, so a pass that saw newer events has a
 * higher revision.
 *
 * <p>Start the reconciler only once the informers have their first full list: before that a
 * snapshot would be half-filled (an Ingress whose Service is not listed yet would briefly be
 * served as 503).
 */
final class InformerSnapshotSource implements SnapshotSource {
    private final AtomicLong changes = new AtomicLong();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final KubeResources converter = new KubeResources();
    private volatile ClusterInformers informers;

    /** The informers whose caches this source reads (they are built with {@link #changed} as their handler). */
    void readFrom(ClusterInformers value) {
        informers = value;
    }

    /** An informer event: counted, and every listener told. Safe from fabric8's threads. */
    void changed() {
        changes.incrementAndGet();
        listeners.forEach(Runnable::run);
    }

    @Override
    public synchronized ResourceSnapshot read() {
        // read the count first: an event during the read bumps it again and asks for another pass
        long revision = changes.get();
        try {
            return informers.snapshot().toSnapshot(revision, converter);
        } finally {
            converter.sweep();
        }
    }

    @Override
    public void addChangeListener(Runnable listener) {
        listeners.add(listener);
    }

    @Override
    public void removeChangeListener(Runnable listener) {
        listeners.remove(listener);
    }

    /** How many objects were parsed so far (an unchanged object once). */
    long parses() {
        return converter.parses();
    }
}
