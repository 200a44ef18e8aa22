/**
 * The Meshgate admin API: a Helidon SE web server in front of the resource store.
 * {@link io.meshgate.api.ApiServer} builds it; {@code start()} bootstraps the first-start state
 * (admin token, default MeshConfig), starts the background loops (the reconciler, the ingress
 * gateway certificate issuer) and listens.
 *
 * <p>What this package knows: the HTTP surface. Each family of routes is an
 * {@link io.meshgate.api.ApiService} mounted on the Helidon routing; its
 * {@link io.meshgate.api.Endpoints} declare each path's methods once, for serving and for the route
 * table that the {@code /openapi} document is checked against. Before any route, two filters
 * authenticate the caller (API tokens and their roles, or a proxy's own token on the proxy
 * channel) and count the request by route template; the routing's error handlers answer every
 * refusal as an RFC 9457 problem document and audit refused writes. It also knows how a request
 * becomes a store write: parsing and validating bodies, optimistic concurrency (If-Match,
 * resourceVersion), patches, the status subresource, apply batches, audit reverts, and hiding
 * credentials (Secret values, kubeconfigs, remote-logging authorization) from viewers.
 *
 * <p>What it does not know: how resources are stored, versioned and audited (the db module), what
 * makes a resource valid (the resources module), how resources become proxy configs
 * ({@link io.meshgate.api.reconcile}), how published configs are versioned and handed out
 * ({@link io.meshgate.api.distribution}), how certificates are signed (the ca module), or how a
 * proxy fetches and applies its config (the proxy module's ConfigAgent). Processes are assembled
 * elsewhere: the standalone launcher runs this server with a database and an embedded proxy.
 */
package io.meshgate.api;
