/**
 * Byte relaying between two connections on one event loop, with backpressure, half-close and an
 * idle timeout ({@link io.meshgate.kernel.tcp.TcpRelayHandler}), and the child handler of a TCP
 * listener that connects upstream before reading anything from the client
 * ({@link io.meshgate.kernel.tcp.TcpProxyFrontend}). TLS passthrough uses the same relay. It knows
 * nothing of HTTP, TLS or clusters: the caller supplies how to connect upstream.
 */
package io.meshgate.kernel.tcp;
