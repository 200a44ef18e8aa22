package io.meshgate.reconcile;

import io.meshgate.resources.Condition;

/**
 * Turns a snapshot's typed resources into one proxy's config. Implementations are pure functions of their
 * arguments (no I/O, no clock, no randomness): the reconciler relies on equal input giving an
 * equal config, so an unrelated write publishes nothing. They run on the reconcile thread.
 *
 * <p>A resource the translator cannot use must not fail the whole translation: leave it out of
 * the config and report a {@link Condition} for it.
 */
@FunctionalInterface
public interface Translator {

    /**
     * @param snapshot every resource of the source at one revision
     * @param proxy    the proxy to build for
     * @return its config (the {@code version} field is replaced by the reconciler) and statuses
     */
    Translation translate(ResourceSnapshot snapshot, ProxyIdentity proxy);

    /**
     * The version of what this translator reads besides the snapshot (the workload certificates it
     * is handed, which rotate on a clock): the reconciler reuses a proxy's last translation only
     * while both the snapshot's content and this are unchanged. A translator that reads nothing else
     * keeps the default.
     */
    default long externalRevision() {
        return 0;
    }
}
