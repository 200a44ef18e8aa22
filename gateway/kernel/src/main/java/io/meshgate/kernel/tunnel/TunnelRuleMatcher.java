package io.meshgate.kernel.tunnel;

import io.meshgate.config.TunnelRule;
import io.meshgate.kernel.mesh.CidrRange;
import java.net.InetAddress;
import java.util.List;
import java.util.Set;

/**
 * One {@link TunnelRule} compiled: its CIDRs parsed, its sets ready for lookups. The javadoc of
 * {@link TunnelRule} is the meaning of each test here.
 */
final class TunnelRuleMatcher {
    /** The principal that admits any verified caller. */
    static final String ANY_VERIFIED = "*";

    private final String name;
    private final Set<String> principals;
    private final Set<String> hosts;
    private final List<CidrRange> addresses;
    private final Set<Integer> ports;

    private TunnelRuleMatcher(String name, Set<String> principals, Set<String> hosts, List<CidrRange> addresses,
                              Set<Integer> ports) {
        this.name = name;
        this.principals = principals;
        this.hosts = hosts;
        this.addresses = addresses;
        this.ports = ports;
    }

    /** @throws IllegalArgumentException naming the rule when an address is not a CIDR */
    static TunnelRuleMatcher compile(TunnelRule rule) {
        List<CidrRange> blocks;
        try {
            blocks = rule.addresses().stream().map(cidr -> CidrRange.parse(cidr, "address")).toList();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tunnel rule " + rule.name() + ": " + e.getMessage(), e);
        }
        // hosts are compared with the requested host, which Destination lower-cases and strips of a final dot
        Set<String> hosts = Set.copyOf(rule.hosts().stream()
                .map(h -> h.endsWith(".") ? h.substring(0, h.length() - 1) : h).toList());
        return new TunnelRuleMatcher(rule.name(), Set.copyOf(rule.principals()), hosts, blocks,
                Set.copyOf(rule.ports()));
    }

    String name() {
        return name;
    }

    /** Empty principals admit anyone; {@code *} any verified caller; else one of the caller's principals. */
    boolean admits(Caller caller) {
        if (principals.isEmpty()) {
            return true;
        }
        if (!caller.verified()) {
            return false;
        }
        if (principals.contains(ANY_VERIFIED)) {
            return true;
        }
        for (String principal : caller.principals()) {
            if (principals.contains(principal)) {
                return true;
            }
        }
        return false;
    }

    boolean admitsPort(int port) {
        return ports.isEmpty() || ports.contains(port);
    }

    /** No hosts and no addresses: the rule does not restrict the destination. */
    boolean anyDestination() {
        return hosts.isEmpty() && addresses.isEmpty();
    }

    boolean matchesHost(String host) {
        return hosts.contains(host);
    }

    boolean hasAddresses() {
        return !addresses.isEmpty();
    }

    /**
     * True when every one of {@code resolved} lies in one of the rule's blocks. All of them, not one: the
     * connection goes to one of these addresses and whoever answers for the name chooses them, so a
     * name with one address inside and others outside would let that DNS answer steer the tunnel
     * outside the ranges the rule allows.
     */
    boolean containsAll(List<InetAddress> resolved) {
        if (resolved.isEmpty()) {
            return false;
        }
        for (InetAddress address : resolved) {
            if (addresses.stream().noneMatch(block -> block.contains(address))) {
                return false;
            }
        }
        return true;
    }
}
