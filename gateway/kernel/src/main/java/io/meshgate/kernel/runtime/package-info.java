/**
 * Turns a {@link io.meshgate.config.ProxyConfig} into something served: compiles it into a
 * {@link io.meshgate.kernel.runtime.RuntimeSnapshot}, binds and unbinds listener sockets across swaps,
 * sets up each accepted connection (TLS dispatch, HTTP/1.1 or h2c, TCP relay) and opens the raw
 * connections of passthrough and TCP listeners. It knows nothing of the control plane or of the admin API.
 */
package io.meshgate.kernel.runtime;
