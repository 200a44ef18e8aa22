/**
 * The proxy kernel's whole input: immutable records that describe listeners, virtual hosts,
 * routes, filters and upstream clusters. Control planes (the api-server's translators, the
 * Kubernetes ingress controller, tests) build a {@link io.meshgate.config.ProxyConfig}, or a proxy
 * reads one from JSON; the kernel swaps it in atomically. Records validate themselves in their
 * constructors so a kernel never sees a half-formed config. This module has no dependencies on purpose.
 */
package io.meshgate.config;
