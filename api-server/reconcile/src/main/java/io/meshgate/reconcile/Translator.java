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
}
