/**
 * The choice of socket transport (io_uring, native epoll or NIO) and the event-loop groups and channel
 * classes that go with it ({@link io.meshgate.kernel.transport.Transports}). The bottom of the kernel:
 * it knows nothing of HTTP, TLS, listeners or config, only of Netty.
 */
package io.meshgate.kernel.transport;
