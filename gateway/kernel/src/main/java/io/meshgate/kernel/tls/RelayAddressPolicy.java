package io.meshgate.kernel.tls;

import java.net.InetAddress;
import java.util.List;

/**
 * Which resolved addresses global passthrough may connect to. Pure.
 *
 * <p>Only public addresses by default: the allow-list says which names may be relayed, but not where
 * DNS sends them, and a name that resolves to the gateway's loopback, its cloud metadata service or
 * the cluster network would otherwise turn the relay into a way in (SSRF). Addresses the operator
 * pinned (the kernel's hosts file) are the operator's own choice and pass whatever their range.
 *
 * @param pinnedByOperator      the addresses come from the operator's hosts file, not from DNS
 * @param allowPrivateAddresses also permit loopback, private and CGNAT addresses; link-local (cloud
 *                              metadata), unspecified, multicast, broadcast and reserved addresses stay
 *                              refused, being no host a TLS client could mean
 */
public record RelayAddressPolicy(boolean pinnedByOperator, boolean allowPrivateAddresses) {

    /** True when a connection to {@code address} may be opened. */
    public boolean permits(InetAddress address) {
        if (pinnedByOperator) {
            return true;
        }
        return switch (AddressRange.of(address)) {
            case PUBLIC -> true;
            case LOOPBACK, PRIVATE, SHARED -> allowPrivateAddresses;
            case UNSPECIFIED, LINK_LOCAL, MULTICAST, BROADCAST, RESERVED -> false;
        };
    }

    /** The permitted ones among {@code addresses}, in their order (the order connects are tried in). */
    public List<InetAddress> permitted(List<InetAddress> addresses) {
        return addresses.stream().filter(this::permits).toList();
    }
}
