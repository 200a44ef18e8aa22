/**
 * The store's side of the shared reconciler ({@link io.meshgate.reconcile}) in standalone mode:
 * {@link io.meshgate.api.reconcile.StoreSnapshotSource} reads every kind at one store revision and
 * parses each object once per version; {@link io.meshgate.api.reconcile.StoreStatusSink} writes
 * statuses through the API's status subresource path (audited), only where they changed. Knows the
 * jOOQ store; knows nothing of HTTP routes or of any translator.
 */
package io.meshgate.api.reconcile;
