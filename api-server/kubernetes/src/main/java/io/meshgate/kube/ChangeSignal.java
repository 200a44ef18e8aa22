package io.meshgate.kube;

import io.fabric8.kubernetes.client.informers.ResourceEventHandler;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * An informer event handler that turns every add, update and delete into one call of
 * {@code onChange} (a rebuild request), and never lets that call's exception reach the informer,
 * whose watch it would otherwise end.
 */
record ChangeSignal(Runnable onChange) implements ResourceEventHandler<Object> {
    private static final Logger LOG = System.getLogger(ChangeSignal.class.getName());

    @Override
    public void onAdd(Object obj) {
        run();
    }

    @Override
    public void onUpdate(Object oldObj, Object newObj) {
        run();
    }

    @Override
    public void onDelete(Object obj, boolean deletedFinalStateUnknown) {
        run();
    }

    /** Runs {@code onChange}; a failure is logged, not thrown. */
    void run() {
        try {
            onChange.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "change handler failed", e);
        }
    }
}
