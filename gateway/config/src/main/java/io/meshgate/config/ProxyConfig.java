package io.meshgate.config;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One complete, immutable snapshot of what a proxy does. The kernel applies a new snapshot with an
 * atomic swap: requests in flight finish on the snapshot they started with.
 *
 * @param version   opaque version label shown on the admin endpoints (e.g. a content hash)
 * @param listeners the sockets to serve
 * @param clusters  upstream clusters that routes and TCP listeners refer to by name
 */
public record ProxyConfig(String version, List<Listener> listeners, List<Cluster> clusters) {

    public ProxyConfig {
        Objects.requireNonNull(version, "version is required");
        listeners = Checks.list(listeners);
        clusters = Checks.list(clusters);
        Set<String> names = new HashSet<>();
        for (Cluster c : clusters) {
            if (!names.add(c.name())) {
                throw new IllegalArgumentException("duplicate cluster name: " + c.name());
            }
        }
        for (Cluster c : clusters) {
            if (c.tunnel() != null && !names.contains(c.tunnel().gatewayCluster())) {
                throw new IllegalArgumentException("cluster " + c.name() + " tunnels through unknown cluster "
                        + c.tunnel().gatewayCluster());
            }
        }
        Set<String> listenerNames = new HashSet<>();
        for (Listener l : listeners) {
            if (!listenerNames.add(l.name())) {
                throw new IllegalArgumentException("duplicate listener name: " + l.name());
            }
            for (String ref : l.clusterReferences()) {
                if (!names.contains(ref)) {
                    throw new IllegalArgumentException("listener " + l.name() + " refers to unknown cluster " + ref);
                }
            }
        }
    }

    /** An empty config: no listeners, no clusters. */
    public static ProxyConfig empty() {
        return new ProxyConfig("empty", List.of(), List.of());
    }
}
