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
 * @param hostsFile  a hosts file ({@code /etc/hosts} format) consulted for names not in {@code records}
 *                   before forwarding, re-read when it changes; null: none. Names outside the mesh that a
 *                   workload may reach (egress destinations) resolve through it where no upstream resolver
 *                   exists, as CoreDNS's {@code hosts} plugin does
 */
public record DnsListener(String name, String address, int port, List<DnsRecord> records, List<String> upstreams,
                          Duration upstreamTimeout, String hostsFile) implements Listener {
    public DnsListener {
        Checks.name(name, "listener.name");
        Checks.name(address, "listener.address");
        Checks.port(port, "listener.port");
        records = Checks.list(records);
        upstreams = Checks.list(upstreams);
        upstreamTimeout = upstreamTimeout == null ? Duration.ofSeconds(2) : upstreamTimeout;
        if (hostsFile != null && hostsFile.isBlank()) {
            hostsFile = null;
        }
        Set<String> names = new HashSet<>();
        for (DnsRecord r : records) {
            if (!names.add(r.name())) {
                throw new IllegalArgumentException("listener " + name + ": duplicate DNS name " + r.name());
            }
        }
    }

    /** A DNS listener without a hosts file. */
    public DnsListener(String name, String address, int port, List<DnsRecord> records, List<String> upstreams,
                       Duration upstreamTimeout) {
        this(name, address, port, records, upstreams, upstreamTimeout, null);
    }

    @Override
    public Set<String> clusterReferences() {
        return Set.of();
    }
}
