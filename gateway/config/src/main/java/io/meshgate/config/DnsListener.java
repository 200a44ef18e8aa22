package io.meshgate.config;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A sidecar's local DNS server over UDP (FSM's local DNS proxy on {@code 127.0.0.153}): names in
 * {@code records} are answered from there (A records; a known name without addresses of the asked
 * type gets an empty answer), every other name is forwarded to {@code upstreams} in order, and
 * answered SERVFAIL when there are none or none answers within {@code upstreamTimeout}.
 *
 * @param upstreams resolver addresses {@code ip} or {@code ip:port}
 */
public record DnsListener(String name, String address, int port, List<DnsRecord> records, List<String> upstreams,
                          Duration upstreamTimeout) implements Listener {
    public DnsListener {
        Checks.name(name, "listener.name");
        Checks.name(address, "listener.address");
        Checks.port(port, "listener.port");
        records = Checks.list(records);
        upstreams = Checks.list(upstreams);
        upstreamTimeout = upstreamTimeout == null ? Duration.ofSeconds(2) : upstreamTimeout;
        Set<String> names = new HashSet<>();
        for (DnsRecord r : records) {
            if (!names.add(r.name())) {
                throw new IllegalArgumentException("listener " + name + ": duplicate DNS name " + r.name());
            }
        }
    }

    @Override
    public Set<String> clusterReferences() {
        return Set.of();
    }
}
