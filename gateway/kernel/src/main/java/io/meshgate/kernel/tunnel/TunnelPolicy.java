package io.meshgate.kernel.tunnel;

import io.meshgate.config.TunnelListener;
import io.meshgate.config.TunnelRule;
import io.meshgate.kernel.tls.AddressRange;
import java.net.InetAddress;
import java.util.List;

/**
 * Decides which tunnels a listener opens: the first {@link TunnelRule} (in config order) that admits the
 * caller, the port and the destination; then {@code passthrough}, which admits any destination to any
 * caller the listener accepted (with TLS: a verified one, since the handshake requires a certificate);
 * else a denial. Hosts are matched as requested, before any lookup; address ranges against the IP
 * literal asked for, or against every address the name resolved to. A name is resolved only when a
 * rule that admits the caller and port has address ranges and no earlier rule allowed it by name, so a
 * denied caller costs no DNS lookup.
 */
final class TunnelPolicy {
    /** The "rule" name of tunnels that only {@code passthrough} allowed. */
    static final String PASSTHROUGH = "passthrough";

    static final String CALLER_NOT_ALLOWED = "caller not allowed";
    static final String PORT_NOT_ALLOWED = "port not allowed";
    static final String DESTINATION_NOT_ALLOWED = "destination not allowed";
    static final String LOCAL_ADDRESS = "gateway-local address";

    private final List<TunnelRuleMatcher> rules;
    private final boolean passthrough;

    private TunnelPolicy(List<TunnelRuleMatcher> rules, boolean passthrough) {
        this.rules = rules;
        this.passthrough = passthrough;
    }

    /** @throws IllegalArgumentException naming the rule whose address is not a CIDR */
    static TunnelPolicy compile(TunnelListener listener) {
        return new TunnelPolicy(listener.rules().stream().map(TunnelRuleMatcher::compile).toList(),
                listener.passthrough());
    }

    /**
     * @param resolved the addresses the requested name resolved to, or null when not resolved (yet);
     *                 ignored for an IP literal, which is its own address
     */
    TunnelDecision decide(Caller caller, Destination destination, List<InetAddress> resolved) {
        List<InetAddress> addresses = destination.literal() != null ? List.of(destination.literal()) : resolved;
        boolean callerAdmitted = false;
        boolean portAdmitted = false;
        for (TunnelRuleMatcher rule : rules) {
            if (!rule.admits(caller)) {
                continue;
            }
            callerAdmitted = true;
            if (!rule.admitsPort(destination.port())) {
                continue;
            }
            portAdmitted = true;
            if (rule.anyDestination()) {
                return new TunnelDecision.Allowed(rule.name(), false);
            }
            if (rule.matchesHost(destination.host())) {
                return new TunnelDecision.Allowed(rule.name(), true);
            }
            if (rule.hasAddresses()) {
                if (addresses == null) {
                    return new TunnelDecision.NeedsAddresses();
                }
                if (rule.containsAll(addresses)) {
                    return new TunnelDecision.Allowed(rule.name(), true);
                }
            }
        }
        if (passthrough) {
            return new TunnelDecision.Allowed(PASSTHROUGH, false);
        }
        String reason = !callerAdmitted ? CALLER_NOT_ALLOWED : !portAdmitted ? PORT_NOT_ALLOWED : DESTINATION_NOT_ALLOWED;
        String who = caller.verified() ? caller.principals().toString() : "an unauthenticated caller";
        return new TunnelDecision.Denied(reason, reason + ": no tunnel rule allows " + who + " to "
                + destination.authority() + (addresses != null && destination.literal() == null
                        ? " (resolved to " + addresses.stream().map(InetAddress::getHostAddress).toList() + ")" : ""));
    }

    /**
     * For a destination no rule named (passthrough, or a rule without hosts and addresses): a denial when
     * one of its addresses is the gateway's own host or the cloud's metadata service (loopback,
     * unspecified, link-local; multicast, broadcast and reserved too, never a TCP peer), else null.
     * "Any destination" means the world outside, not the admin port on the gateway's loopback; an
     * operator who does mean such an address names it in a rule's addresses.
     */
    static TunnelDecision.Denied guard(Destination destination, List<InetAddress> addresses) {
        for (InetAddress address : addresses) {
            AddressRange range = AddressRange.of(address);
            switch (range) {
                case LOOPBACK, UNSPECIFIED, LINK_LOCAL, MULTICAST, BROADCAST, RESERVED -> {
                    return new TunnelDecision.Denied(LOCAL_ADDRESS, LOCAL_ADDRESS + ": " + destination.authority()
                            + " is " + address.getHostAddress() + " (" + range.name().toLowerCase(java.util.Locale.ROOT)
                            + "), which only a rule naming that address may allow");
                }
                default -> {
                    // public, private and shared ranges: the destinations an egress gateway exists for
                }
            }
        }
        return null;
    }
}
