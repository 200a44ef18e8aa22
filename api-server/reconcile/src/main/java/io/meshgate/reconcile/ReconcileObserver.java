package io.meshgate.reconcile;

import java.time.Duration;

/** Hears about each reconcile pass (for metrics). Called on the reconcile thread; must be quick. */
public interface ReconcileObserver {
    /** Does nothing. */
    ReconcileObserver NONE = new ReconcileObserver() {
        @Override
        public void reconciled(Duration took, int published) {
        }

        @Override
        public void failed() {
        }
    };

    /** Tells {@code first}, then {@code second}. */
    static ReconcileObserver both(ReconcileObserver first, ReconcileObserver second) {
        return new ReconcileObserver() {
            @Override
            public void reconciled(Duration took, int published) {
                first.reconciled(took, published);
                second.reconciled(took, published);
            }

            @Override
            public void failed() {
                first.failed();
                second.failed();
            }
        };
    }

    /** A pass finished in {@code took} and published {@code published} new configs. */
    void reconciled(Duration took, int published);

    /** A pass failed (it is retried). */
    void failed();
}
