package io.meshgate.sidecar.translator.split;

import io.meshgate.config.Cluster;
import io.meshgate.config.DestinationRule.AppProtocol;
import io.meshgate.config.Route;
import io.meshgate.config.RouteMatch;
import io.meshgate.config.WeightedCluster;
import io.meshgate.resources.Condition;
import io.meshgate.resources.Resource;
import io.meshgate.resources.ResourceKey;
import io.meshgate.sidecar.translator.MeshModel;
import io.meshgate.sidecar.translator.MeshServiceRules;
import io.meshgate.sidecar.translator.PortRouting;
import io.meshgate.sidecar.translator.ServicePort;
import io.meshgate.sidecar.translator.ServiceRouting;
import io.meshgate.sidecar.translator.SidecarContext;
import io.meshgate.sidecar.translator.split.ResolvedSplit.BackendPort;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * SMI TrafficSplit (seed 1.4): the outbound rule of a split's root Service sends the traffic to the
 * backend Services' clusters ({@code <ns>/<backend>|<port>}, the same clusters their own rules use) by
 * weight; weight 0 sends a backend nothing.
 *
 * <ul>
 *   <li>HTTP ports: first one route per match of the scoped splits (HTTPRouteGroup {@code pathRegex},
 *       {@code methods}, {@code headers}), most specific first ({@link SplitMatch}), each to its split's
 *       weighted clusters; then the catch-all route: the split that takes every request, if any, else
 *       the root Service's own cluster, as without a split. So requests no match takes go where they
 *       went before (FSM sends them to all the scoped splits' backends alike).</li>
 *   <li>TCP ports: the split that takes every request splits connections by weight
 *       ({@link WeightedEndpoints}); matches select HTTP requests, so a scoped split leaves a TCP port
 *       alone (its condition says so).</li>
 *   <li>A backend serves the root's port through its own port of that number ({@link ResolvedSplit});
 *       when no backend has the port the split leaves that port alone.</li>
 * </ul>
 *
 * <p>Who may reach: the root's rule exists as without a split (permissive mode, or a TrafficTarget to
 * the root's Pods); the backends' own sidecars decide on their side, as for any request.
 */
public final class TrafficSplitRouting implements ServiceRouting {

    @Override
    public Router forWorkload(SidecarContext context) {
        Map<ResourceKey, RootSplits> byRoot = RootSplits.of(context.mesh());
        if (byRoot.isEmpty()) {
            return (service, port, serviceCluster, clusters) -> Optional.empty();
        }
        return (service, port, serviceCluster, clusters) -> Optional.ofNullable(byRoot.get(service.key()))
                .flatMap(splits -> route(context, splits, port, serviceCluster, clusters));
    }

    @Override
    public void report(MeshModel mesh, Map<ResourceKey, List<Condition>> statuses) {
        TrafficSplitConditions.report(mesh, statuses);
    }

    private static Optional<PortRouting> route(SidecarContext context, RootSplits splits, ServicePort port,
                                               String serviceCluster, Map<String, Cluster> clusters) {
        if (port.protocol().rule() != AppProtocol.HTTP) {
            return splits.whole().map(whole -> whole.on(port)).filter(backends -> !backends.isEmpty())
                    .map(backends -> {
                        Cluster split = WeightedEndpoints.cluster(context, serviceCluster, backends);
                        clusters.put(split.name(), split);
                        return PortRouting.tcp(split.name());
                    });
        }
        List<ScopedRoute> scoped = new ArrayList<>();
        for (ResolvedSplit split : splits.scoped()) {
            List<WeightedCluster> targets = targets(context, split.on(port), clusters);
            if (targets.isEmpty()) {
                continue; // no backend has this port: the split leaves it alone
            }
            for (SplitMatch match : split.matches()) {
                scoped.add(new ScopedRoute(match, new Route(routeName(serviceCluster, split) + "|" + match.name(),
                        match.match(), targets, List.of(), null)));
            }
        }
        scoped.sort((a, b) -> SplitMatch.MOST_SPECIFIC_FIRST.compare(a.match(), b.match()));
        List<Route> routes = new ArrayList<>(scoped.stream().map(ScopedRoute::route).toList());
        Optional<ResolvedSplit> whole = splits.whole();
        List<WeightedCluster> wholeTargets = whole.isPresent() ? targets(context, whole.get().on(port), clusters) : List.of();
        if (routes.isEmpty() && wholeTargets.isEmpty()) {
            return Optional.empty();
        }
        routes.add(wholeTargets.isEmpty() ? Route.to(serviceCluster, RouteMatch.ANY, serviceCluster)
                : new Route(routeName(serviceCluster, whole.get()), RouteMatch.ANY, wholeTargets, List.of(), null));
        return Optional.of(PortRouting.http(routes));
    }

    /** {@code <root cluster>|split|<split>}: what a split's routes are called (stats and config dumps show it). */
    private static String routeName(String serviceCluster, ResolvedSplit split) {
        return serviceCluster + "|split|" + split.policy().name();
    }

    /** The backends' clusters with their weights, each cluster added as the backend's own rule builds it. */
    private static List<WeightedCluster> targets(SidecarContext context, List<BackendPort> backends,
                                                 Map<String, Cluster> clusters) {
        List<WeightedCluster> out = new ArrayList<>();
        for (BackendPort backend : backends) {
            Cluster cluster = MeshServiceRules.serviceCluster(context, backend.service(), backend.port());
            clusters.putIfAbsent(cluster.name(), cluster);
            out.add(new WeightedCluster(cluster.name(), backend.weight()));
        }
        return out;
    }

    private record ScopedRoute(SplitMatch match, Route route) {}

    /** The name of a Service for messages. */
    static String qualified(Resource service) {
        return service.namespace() + "/" + service.name();
    }
}
