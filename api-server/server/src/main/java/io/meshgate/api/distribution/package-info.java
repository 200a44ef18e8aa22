/**
 * What the API knows about each proxy's sync state (last seen, fetched and applied versions). The
 * board of published configs itself belongs to the reconciler
 * ({@link io.meshgate.reconcile.distribution}).
 */
package io.meshgate.api.distribution;
