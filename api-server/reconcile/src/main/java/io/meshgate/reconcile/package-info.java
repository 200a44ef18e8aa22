/**
 * The one reconciler of both modes. A {@link io.meshgate.reconcile.SnapshotSource} (the store in
 * standalone mode, the informer caches on Kubernetes) says when something changed and hands over a
 * typed {@link io.meshgate.reconcile.ResourceSnapshot}; the {@link io.meshgate.reconcile.Reconciler}
 * runs the pure {@link io.meshgate.reconcile.Translator}s per registered proxy, publishes a config
 * only when its content hash changed, and gives what translators and
 * {@link io.meshgate.reconcile.StatusReporter}s said to a {@link io.meshgate.reconcile.StatusSink}
 * (the store's status subresource, or the cluster's). {@link io.meshgate.reconcile.StatusDocument}
 * is the one builder of a {@code status} with Kubernetes conditions.
 *
 * <p>Knows resources, translators and configs. Knows nothing of Helidon, jOOQ, H2 or fabric8: the
 * modules that do implement the two seams (the build bans those libraries here).
 */
package io.meshgate.reconcile;
