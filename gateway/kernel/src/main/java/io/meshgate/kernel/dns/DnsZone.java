package io.meshgate.kernel.dns;

import io.meshgate.config.DnsListener;
import io.meshgate.config.DnsRecord;
import io.netty.util.NetUtil;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link DnsListener} compiled for serving: its records by lower-case name with their addresses as
 * bytes, its hosts file (read when first asked), and its upstream resolvers as socket addresses. Immutable; a config swap replaces the whole
 * zone, so a query sees either the old records or the new ones, never a mix.
 */
public final class DnsZone {

    private final Map<String, List<byte[]>> ipv4ByName;
    private final List<InetSocketAddress> upstreams;
    private final Duration upstreamTimeout;
    private final DnsHostsFile hostsFile;

    private DnsZone(Map<String, List<byte[]>> ipv4ByName, List<InetSocketAddress> upstreams, Duration upstreamTimeout,
                    DnsHostsFile hostsFile) {
        this.ipv4ByName = ipv4ByName;
        this.upstreams = upstreams;
        this.upstreamTimeout = upstreamTimeout;
        this.hostsFile = hostsFile;
    }

    /**
     * Compiles {@code listener}.
     *
     * @throws IllegalArgumentException naming the listener and the value when a record address is not an
     *                                  IPv4 literal, an upstream is not {@code ip} or {@code ip:port}, or
     *                                  the upstream timeout is not positive
     */
    public static DnsZone compile(DnsListener listener) {
        String prefix = "listener " + listener.name() + ": ";
        Map<String, List<byte[]>> ipv4ByName = new HashMap<>();
        for (DnsRecord record : listener.records()) {
            List<byte[]> addresses = new ArrayList<>(record.addresses().size());
            for (String address : record.addresses()) {
                if (!NetUtil.isValidIpV4Address(address)) {
                    throw new IllegalArgumentException(prefix + "DNS record " + record.name() + ": address '"
                            + address + "' is not an IPv4 address");
                }
                addresses.add(NetUtil.createByteArrayFromIpAddressString(address));
            }
            ipv4ByName.put(record.name(), List.copyOf(addresses));
        }
        List<InetSocketAddress> upstreams = new ArrayList<>(listener.upstreams().size());
        for (String upstream : listener.upstreams()) {
            try {
                upstreams.add(DnsUpstreams.parse(upstream));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(prefix + e.getMessage(), e);
            }
        }
        if (listener.upstreamTimeout().isNegative() || listener.upstreamTimeout().isZero()) {
            throw new IllegalArgumentException(prefix + "upstreamTimeout must be positive, got "
                    + listener.upstreamTimeout());
        }
        DnsHostsFile hosts = listener.hostsFile() == null ? null : new DnsHostsFile(java.nio.file.Path.of(listener.hostsFile()));
        return new DnsZone(Map.copyOf(ipv4ByName), List.copyOf(upstreams), listener.upstreamTimeout(), hosts);
    }

    /**
     * The IPv4 addresses of {@code name} (lower case, no trailing dot), possibly none; null when the zone
     * has no record of that name.
     */
    List<byte[]> ipv4(String name) {
        return name == null ? null : ipv4ByName.get(name);
    }

    /** The hosts file consulted for names without a record, before forwarding; null when none. */
    DnsHostsFile hostsFile() {
        return hostsFile;
    }

    /** The resolvers unknown names are forwarded to, in the order they are tried; empty: none. */
    List<InetSocketAddress> upstreams() {
        return upstreams;
    }

    /** How long each upstream has to answer before the next one is asked. */
    Duration upstreamTimeout() {
        return upstreamTimeout;
    }
}
