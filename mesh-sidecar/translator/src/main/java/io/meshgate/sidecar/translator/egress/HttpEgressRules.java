package io.meshgate.sidecar.translator.egress;

import io.meshgate.config.DestinationRule;
import io.meshgate.config.DestinationRule.AppProtocol;
import io.meshgate.config.DirectResponse;
import io.meshgate.config.Route;
import io.meshgate.config.RouteMatch;
import io.meshgate.config.VirtualHost;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The HTTP rules of the Egress policies that name one workload: the policies' {@code http} (and
 * {@code grpc}) ports merged into one rule per port and address set.
 *
 * <ul>
 *   <li>A rule per port for the policies without {@code ipAddresses} (any address), named
 *       {@code egress|http|<port>}, and one per distinct {@code ipAddresses} list,
 *       {@code egress|http|<port>|<cidr,...>}, tried first, holding those policies and the
 *       any-address ones (a destination such a list covers may still be reached by a host another
 *       policy opens everywhere).</li>
 *   <li>A virtual host per host ({@code h} and {@code h:port}; {@code *} for a policy without hosts):
 *       each policy's HTTPRouteGroup matches (or any request) to the policy's original-destination
 *       cluster, then a catch-all answering FSM's {@code 403 Access Denied} ({@link DirectResponse#FORBIDDEN}).
 *       A host no policy names gets the 403 too, from a {@code *} virtual host, unless MeshConfig
 *       {@code traffic.enableEgress} is on: then that virtual host relays the request to its original
 *       destination ({@value #PASSTHROUGH_CLUSTER}), as the listener does with what no rule takes.</li>
 * </ul>
 */
final class HttpEgressRules {
    private static final String ANY_HOST = "*";
    /** The original-destination cluster of requests to hosts no policy names while passthrough is on. */
    static final String PASSTHROUGH_CLUSTER = "egress|passthrough";

    /** One policy on one port: its cluster and request matches (empty = any request). */
    private record Entry(EgressPolicy policy, String cluster, List<RouteMatch> matches, List<String> matchNames) {}

    /** port -> address list (joined, "" = any) -> entries, in policy order. */
    private final Map<Integer, Map<String, List<Entry>>> byPort = new TreeMap<>();

    /** True when some rule will be built (and may need the passthrough cluster). */
    boolean isEmpty() {
        return byPort.isEmpty();
    }

    void add(int port, ResolvedEgress egress, String cluster) {
        String addresses = String.join(",", egress.policy().ipAddresses());
        byPort.computeIfAbsent(port, p -> new TreeMap<>())
                .computeIfAbsent(addresses, a -> new ArrayList<>())
                .add(new Entry(egress.policy(), cluster, egress.routeMatches(), egress.routeNames()));
    }

    /**
     * @param passthrough true while {@code traffic.enableEgress} is on: hosts no policy names are
     *                    relayed to {@value #PASSTHROUGH_CLUSTER} instead of answered 403
     */
    List<DestinationRule> rules(boolean passthrough) {
        List<DestinationRule> out = new ArrayList<>();
        byPort.forEach((port, byAddresses) -> {
            List<Entry> anyAddress = byAddresses.getOrDefault("", List.of());
            byAddresses.forEach((addresses, entries) -> {
                if (addresses.isEmpty()) {
                    return;
                }
                List<Entry> all = new ArrayList<>(entries);
                all.addAll(anyAddress);
                out.add(rule("egress|http|" + port + "|" + addresses, List.of(addresses.split(",")), port, all,
                        passthrough));
            });
            if (!anyAddress.isEmpty()) {
                out.add(rule("egress|http|" + port, List.of(), port, anyAddress, passthrough));
            }
        });
        return out;
    }

    private static DestinationRule rule(String name, List<String> addresses, int port, List<Entry> entries,
                                        boolean passthrough) {
        Map<String, List<Entry>> byHost = new LinkedHashMap<>();
        for (Entry entry : entries) {
            List<String> hosts = entry.policy().hosts().isEmpty() ? List.of(ANY_HOST) : entry.policy().hosts();
            for (String host : hosts) {
                byHost.computeIfAbsent(host, h -> new ArrayList<>()).add(entry);
            }
        }
        List<VirtualHost> virtualHosts = new ArrayList<>();
        byHost.forEach((host, hostEntries) -> virtualHosts.add(virtualHost(host, port, hostEntries)));
        if (!byHost.containsKey(ANY_HOST)) {
            String vhost = "egress|" + ANY_HOST + "|" + port;
            virtualHosts.add(new VirtualHost(vhost, List.of(ANY_HOST), List.of(passthrough
                    ? Route.to(vhost + "|passthrough", RouteMatch.ANY, PASSTHROUGH_CLUSTER)
                    : forbidden(vhost, entries.getFirst().cluster()))));
        }
        return new DestinationRule(name, addresses, port, AppProtocol.HTTP, virtualHosts, null, null);
    }

    private static VirtualHost virtualHost(String host, int port, List<Entry> entries) {
        String name = "egress|" + host + "|" + port;
        List<Route> routes = new ArrayList<>();
        boolean anyRequest = false;
        for (Entry entry : entries) {
            if (entry.matches().isEmpty()) {
                routes.add(Route.to(entry.cluster(), RouteMatch.ANY, entry.cluster()));
                anyRequest = true;
                continue;
            }
            for (int i = 0; i < entry.matches().size(); i++) {
                routes.add(Route.to(entry.cluster() + "|" + entry.matchNames().get(i), entry.matches().get(i),
                        entry.cluster()));
            }
        }
        if (!anyRequest) {
            routes.add(forbidden(name, entries.getFirst().cluster()));
        }
        List<String> domains = host.equals(ANY_HOST) ? List.of(ANY_HOST) : List.of(host, host + ":" + port);
        return new VirtualHost(name, domains, routes);
    }

    /** Answers 403 locally; the route names a cluster because every route must, and never reaches it. */
    private static Route forbidden(String virtualHost, String cluster) {
        return Route.to(virtualHost + "|forbidden", RouteMatch.ANY, cluster)
                .withFilters(List.of(DirectResponse.FORBIDDEN));
    }
}
