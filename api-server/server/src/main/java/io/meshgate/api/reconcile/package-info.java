/**
 * Reconcile by state: a store commit marks the snapshot dirty, one loop rebuilds it and runs the
 * pure {@link io.meshgate.api.reconcile.Translator}s per registered proxy, and a config is
 * published only when its content hash changed.
 */
package io.meshgate.api.reconcile;
