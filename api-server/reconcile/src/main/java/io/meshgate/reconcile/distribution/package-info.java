/**
 * What the reconciler publishes: per-proxy configs labelled with a content-hash version on a
 * {@link io.meshgate.reconcile.distribution.ConfigBoard}. Remote proxies long-poll it through the
 * api-server; a proxy in the control plane's own process applies it directly. Knows configs, not
 * how they travel (HTTP routes live in the api-server).
 */
package io.meshgate.reconcile.distribution;
