package io.meshgate.sidecar.init;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * FSM's fsm-init interception rules for the {@code nat} table, in FSM's order ({@code
 * pkg/injector/iptables.go}), as lines of an {@code iptables-restore} script:
 * <ul>
 *   <li>inbound: {@code PREROUTING -p tcp} jumps to {@value #INBOUND}; the admin port (the control
 *       plane reads the sidecar's admin pages on the pod IP), the Prometheus port and the probe and
 *       health-check ports return; excluded inbound ports return (inserted at the top);
 *       everything else goes to {@value #IN_REDIRECT} ({@code REDIRECT} to {@value #INBOUND_PORT});</li>
 *   <li>outbound: {@code OUTPUT -p tcp} jumps to {@value #OUTBOUND}; the sidecar's own connections
 *       over {@code lo} to an address other than 127.0.0.1 go to the inbound listener (an app calling
 *       its own Service through its sidecar); the app's own {@code lo} traffic, the sidecar's
 *       traffic and anything to 127.0.0.1 return; then the excluded ranges, the excluded ports, and
 *       either the included ranges to {@value #OUT_REDIRECT} and a final return, or a catch-all
 *       {@value #OUT_REDIRECT} ({@code REDIRECT} to {@value #OUTBOUND_PORT}, the admin port
 *       {@value #ADMIN_PORT} accepted);</li>
 *   <li>DNS: UDP to {@value #DNS_ADDRESS}:53 is sent to {@value #DNS_ADDRESS}:{@value #DNS_PORT},
 *       where the sidecar answers for Service names.</li>
 * </ul>
 * Three changes to FSM's text: inbound, the admin port returns (FSM reaches its admin through a
 * port-forward to the pod's loopback; Meshgate's control plane reads it on the pod IP, where it
 * serves reads only, with a secret); {@code OUT_REDIRECT} accepts the admin port before its
 * {@code REDIRECT} (FSM appends the accept after the redirect, where no packet ever reaches it); and port lists
 * longer than the 15 ports one {@code multiport} match takes are split over several rules. With a
 * proxy group, the two owner rules of the sidecar's user are repeated for the group.
 */
public final class InterceptionRules {
    public static final String INBOUND = "FSM_PROXY_INBOUND";
    public static final String IN_REDIRECT = "FSM_PROXY_IN_REDIRECT";
    public static final String OUTBOUND = "FSM_PROXY_OUTBOUND";
    public static final String OUT_REDIRECT = "FSM_PROXY_OUT_REDIRECT";
    /** The chains sidecar-init owns, in the order FSM declares them. */
    public static final List<String> CHAINS = List.of(INBOUND, IN_REDIRECT, OUTBOUND, OUT_REDIRECT);

    public static final int OUTBOUND_PORT = 15001;
    public static final int INBOUND_PORT = 15003;
    public static final int ADMIN_PORT = 15000;
    public static final int PROMETHEUS_PORT = 15010;
    /** FSM's rewritten liveness, readiness and startup probes, and fsm-healthcheck's TCP probes. */
    public static final List<Integer> PROBE_PORTS = List.of(15901, 15902, 15903, 15904);
    public static final String DNS_ADDRESS = "127.0.0.153";
    public static final int DNS_PORT = 5300;
    /** The most ports one {@code -m multiport --dports} match accepts. */
    static final int MULTIPORT_LIMIT = 15;

    private InterceptionRules() {}

    /** The rule lines ({@code -A}/{@code -I}), without the table header, chain declarations or COMMIT. */
    public static List<String> rules(Interception in) {
        List<String> rules = new ArrayList<>();
        // 1. inbound
        rules.add("-A " + IN_REDIRECT + " -p tcp -j REDIRECT --to-port " + INBOUND_PORT);
        rules.add("-A PREROUTING -p tcp -j " + INBOUND);
        rules.add("-A " + INBOUND + " -p tcp --dport " + ADMIN_PORT + " -j RETURN");
        rules.add("-A " + INBOUND + " -p tcp --dport " + PROMETHEUS_PORT + " -j RETURN");
        for (int port : PROBE_PORTS) {
            rules.add("-A " + INBOUND + " -p tcp --dport " + port + " -j RETURN");
        }
        rules.add("-A " + INBOUND + " -p tcp -j " + IN_REDIRECT);
        // 2. inbound port exclusions: inserted, so they come before the redirect
        for (String ports : multiportGroups(in.inboundPortExclusions())) {
            rules.add("-I " + INBOUND + " -p tcp --match multiport --dports " + ports + " -j RETURN");
        }
        // 3. outbound
        rules.add("-A " + OUT_REDIRECT + " -p tcp --dport " + ADMIN_PORT + " -j ACCEPT");
        rules.add("-A " + OUT_REDIRECT + " -p tcp -j REDIRECT --to-port " + OUTBOUND_PORT);
        rules.add("-A OUTPUT -p tcp -j " + OUTBOUND);
        rules.add("-A " + OUTBOUND + " -o lo ! -d 127.0.0.1/32 -m owner --uid-owner " + in.proxyUid() + " -j " + IN_REDIRECT);
        if (in.proxyGid() != null) {
            rules.add("-A " + OUTBOUND + " -o lo ! -d 127.0.0.1/32 -m owner --gid-owner " + in.proxyGid() + " -j " + IN_REDIRECT);
        }
        rules.add("-A " + OUTBOUND + " -o lo -m owner ! --uid-owner " + in.proxyUid() + " -j RETURN");
        rules.add("-A " + OUTBOUND + " -m owner --uid-owner " + in.proxyUid() + " -j RETURN");
        if (in.proxyGid() != null) {
            rules.add("-A " + OUTBOUND + " -m owner --gid-owner " + in.proxyGid() + " -j RETURN");
        }
        rules.add("-A " + OUTBOUND + " -d 127.0.0.1/32 -j RETURN");
        rules.add(dnsRule());
        // 4. outbound range exclusions, 5. outbound port exclusions (before any redirect: order matters)
        for (String cidr : in.outboundIpRangeExclusions()) {
            rules.add("-A " + OUTBOUND + " -d " + cidr + " -j RETURN");
        }
        for (String ports : multiportGroups(in.outboundPortExclusions())) {
            rules.add("-A " + OUTBOUND + " -p tcp --match multiport --dports " + ports + " -j RETURN");
        }
        // 6. inclusions, or everything
        if (!in.outboundIpRangeInclusions().isEmpty()) {
            for (String cidr : in.outboundIpRangeInclusions()) {
                rules.add("-A " + OUTBOUND + " -d " + cidr + " -j " + OUT_REDIRECT);
            }
            rules.add("-A " + OUTBOUND + " -j RETURN");
        } else {
            rules.add("-A " + OUTBOUND + " -j " + OUT_REDIRECT);
        }
        return rules;
    }

    /** The DNS rule in the built-in OUTPUT chain. */
    static String dnsRule() {
        return "-A OUTPUT -p udp -d " + DNS_ADDRESS + " --dport 53 -j DNAT --to-destination " + DNS_ADDRESS + ":" + DNS_PORT;
    }

    /** Comma lists of at most {@link #MULTIPORT_LIMIT} ports each. */
    static List<String> multiportGroups(List<Integer> ports) {
        List<String> groups = new ArrayList<>();
        for (int from = 0; from < ports.size(); from += MULTIPORT_LIMIT) {
            groups.add(ports.subList(from, Math.min(ports.size(), from + MULTIPORT_LIMIT)).stream()
                    .map(String::valueOf).collect(Collectors.joining(",")));
        }
        return groups;
    }
}
