package io.meshgate.kernel.upstream;

import java.net.InetAddress;

/**
 * Picks the endpoint for one request. Implementations are immutable apart from lock-free
 * counters and are shared by every event loop, so {@link #pick} must be thread-safe and cheap.
 */
public interface LoadBalancer {

    /**
     * @param clientAddress the downstream client's address (may be null when unknown; only hashing
     *                      balancers look at it)
     * @return the chosen endpoint, or null when no endpoint has a weight above zero
     */
    EndpointState pick(InetAddress clientAddress);
}
