package io.meshgate.config;

import java.time.Duration;
import java.util.Set;

/**
 * A plain TCP proxy listener: every accepted connection is relayed byte for byte to an endpoint of
 * {@code cluster}. Server-first protocols (MySQL, SMTP) work because nothing is read before the
 * upstream connection is up.
 */
public record TcpListener(String name, String address, int port, String cluster, Duration idleTimeout)
        implements Listener {

    public TcpListener {
        Checks.name(name, "listener.name");
        Checks.name(address, "listener.address");
        Checks.port(port, "listener.port");
        Checks.name(cluster, "listener.cluster");
        idleTimeout = idleTimeout == null ? Duration.ofHours(1) : idleTimeout;
    }

    @Override
    public Set<String> clusterReferences() {
        return Set.of(cluster);
    }
}
