/**
 * The one canonical form of a request path ({@link io.meshgate.kernel.path.PathNormalizer}), shared by
 * the HTTP proxy, the route matchers and the rewrite filter so that they can never disagree about which
 * path was asked for. Pure string work: it knows nothing of Netty, routes, filters or config.
 */
package io.meshgate.kernel.path;
