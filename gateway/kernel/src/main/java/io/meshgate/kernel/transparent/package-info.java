/**
 * Transparent interception: where a connection that iptables redirected to a mesh listener was
 * really going ({@link io.meshgate.kernel.transparent.OriginalDestination}). Next to the bottom of
 * the kernel: it knows sockets and Netty's native transports, nothing of HTTP, TLS or config.
 */
package io.meshgate.kernel.transparent;
