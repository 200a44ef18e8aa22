package io.meshgate.api;

import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * Kubernetes mode: what the control plane's own controllers (certificates) learn from the cluster
 * side. {@link #changed()} for every change the informers observe (a reason to look again), and
 * {@link #leadership(boolean)} when this replica starts or stops leading: only the leader's
 * controllers write, so several replicas never issue competing certificates. Until told, a replica
 * does not lead.
 */
public final class ControllerSignals {
    private final Set<Runnable> listeners = new CopyOnWriteArraySet<>();
    private volatile boolean leader;

    /** An object changed in the cluster (cheap: it only wakes the controllers' threads). */
    public void changed() {
        listeners.forEach(Runnable::run);
    }

    /** This replica leads ({@code true}) or stopped leading; a new leader's controllers look at once. */
    public void leadership(boolean leads) {
        leader = leads;
        if (leads) {
            changed();
        }
    }

    /** True while this replica leads. */
    public boolean leader() {
        return leader;
    }

    void listen(Runnable listener) {
        listeners.add(listener);
    }

    void unlisten(Runnable listener) {
        listeners.remove(listener);
    }
}
