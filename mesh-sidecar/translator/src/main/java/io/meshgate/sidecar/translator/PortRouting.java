package io.meshgate.sidecar.translator;

import io.meshgate.config.DestinationRule.AppProtocol;
import io.meshgate.config.Route;
import io.meshgate.config.RouteMatch;
import java.util.List;

/**
 * Where the outbound rule of one Service port sends its traffic: routes for an HTTP port, a cluster
 * for a TCP port (exactly one of the two).
 *
 * @param routes     HTTP ports: the routes of the rule's one virtual host ({@code *}), tried in order; the
 *                   last takes any request, so nothing falls through. Empty for a TCP port
 * @param tcpCluster TCP ports: the cluster the bytes of every connection go to. Null for an HTTP port
 */
public record PortRouting(List<Route> routes, String tcpCluster) {
    public PortRouting {
        routes = List.copyOf(routes);
        if (routes.isEmpty() == (tcpCluster == null)) {
            throw new IllegalArgumentException("a Service port is routed by routes (HTTP) or by a cluster (TCP)");
        }
        if (!routes.isEmpty() && !routes.getLast().match().equals(RouteMatch.ANY)) {
            throw new IllegalArgumentException("the last route of a Service port must take any request");
        }
    }

    /** HTTP: these routes, the last taking any request. */
    public static PortRouting http(List<Route> routes) {
        return new PortRouting(routes, null);
    }

    /** TCP: every connection to this cluster. */
    public static PortRouting tcp(String cluster) {
        return new PortRouting(List.of(), cluster);
    }

    /** Everything to the Service's own cluster: one route named like it (HTTP), or the cluster (TCP). */
    public static PortRouting direct(String serviceCluster, ServicePort port) {
        return port.protocol().rule() == AppProtocol.HTTP
                ? http(List.of(Route.to(serviceCluster, RouteMatch.ANY, serviceCluster)))
                : tcp(serviceCluster);
    }

    /** True for an HTTP port's routing. */
    public boolean http() {
        return tcpCluster == null;
    }
}
