package io.meshgate.sidecar.runtime;

import io.meshgate.config.DnsListener;
import io.meshgate.config.Listener;
import io.meshgate.config.ProxyConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Sets the sidecar's {@code --hosts-file} on every DNS listener of the configs it runs. The path is a
 * fact of the host the sidecar runs on, which the control plane's pure translator does not know, so
 * the sidecar adds it locally rather than the control plane publishing it; the saved last good config
 * stays as published.
 */
final class DnsHostsFile implements UnaryOperator<ProxyConfig> {
    private final String path;

    private DnsHostsFile(Path path) {
        this.path = path.toString();
    }

    /** The adjustment for {@code hostsFile}; the identity when it is null. */
    static UnaryOperator<ProxyConfig> of(Path hostsFile) {
        return hostsFile == null ? UnaryOperator.identity() : new DnsHostsFile(hostsFile);
    }

    @Override
    public ProxyConfig apply(ProxyConfig config) {
        List<Listener> listeners = new ArrayList<>(config.listeners().size());
        boolean changed = false;
        for (Listener listener : config.listeners()) {
            if (listener instanceof DnsListener dns && !Objects.equals(dns.hostsFile(), path)) {
                listeners.add(new DnsListener(dns.name(), dns.address(), dns.port(), dns.records(), dns.upstreams(),
                        dns.upstreamTimeout(), path));
                changed = true;
            } else {
                listeners.add(listener);
            }
        }
        return changed ? new ProxyConfig(config.version(), listeners, config.clusters()) : config;
    }
}
