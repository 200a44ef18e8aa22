package io.meshgate.sidecar.translator.access;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgate.config.AccessGrant;
import io.meshgate.config.DestinationRule.AppProtocol;
import io.meshgate.config.RouteMatch;
import io.meshgate.resources.Condition;
import io.meshgate.resources.Resource;
import io.meshgate.resources.ResourceKey;
import io.meshgate.sidecar.translator.InboundPort;
import io.meshgate.sidecar.translator.MeshModel;
import io.meshgate.sidecar.translator.SidecarContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * SMI TrafficTargets whose destination is the workload's ServiceAccount: one grant per TrafficTarget
 * and port, admitting the sources' principals.
 *
 * <ul>
 *   <li>A {@code TCPRoute} rule admits any connection (and request) to the ports it lists, every port
 *       when it lists none.</li>
 *   <li>An {@code HTTPRouteGroup} rule admits, on HTTP ports only, the requests of the named matches
 *       (every match of the group when it names none). A named match the group lacks grants nothing.</li>
 *   <li>A missing ServiceAccount does not stop the grant: the principal is a name in a certificate,
 *       and the ServiceAccount object may come later. The TrafficTarget's {@code ResolvedRefs}
 *       condition says what is missing; a missing route or match grants nothing and is reported too.</li>
 * </ul>
 */
public final class TrafficTargetGrants implements AccessFeature {

    @Override
    public List<AccessGrant> grants(SidecarContext context, InboundPort port) {
        List<AccessGrant> out = new ArrayList<>();
        if (PermissiveAccess.on(context.settings())) {
            return out; // any mesh peer is in already; TrafficTargets are not enforced
        }
        MeshModel mesh = context.mesh();
        for (TrafficTargetPolicy target : TrafficTargetPolicy.of(mesh)) {
            if (!target.namespace().equals(context.workload().namespace())
                    || !target.destination().equals(context.serviceAccount()) || target.sources().isEmpty()) {
                continue;
            }
            Set<String> principals = new TreeSet<>();
            target.sources().forEach(s -> principals.add(s.principal()));
            boolean wholePort = false;
            List<RouteMatch> matches = new ArrayList<>();
            for (TrafficTargetPolicy.Rule rule : target.rules()) {
                switch (rule.kind()) {
                    case "TCPRoute" -> wholePort |= tcpRoute(mesh, target, rule)
                            .map(route -> listsPort(route, port.port())).orElse(false);
                    case "HTTPRouteGroup" -> {
                        if (port.protocol().rule() == AppProtocol.HTTP) {
                            httpRouteGroup(mesh, target, rule).ifPresent(group -> selected(group, rule).forEach(m -> {
                                RouteMatch match = HttpRouteGroupMatches.of(m);
                                if (!matches.contains(match)) {
                                    matches.add(match);
                                }
                            }));
                        }
                    }
                    default -> { }
                }
            }
            if (wholePort) {
                out.add(new AccessGrant(target.grantName(), principals, List.of(), List.of()));
            } else if (!matches.isEmpty()) {
                out.add(new AccessGrant(target.grantName(), principals, List.of(), matches));
            }
        }
        return out;
    }

    @Override
    public void report(MeshModel mesh, Map<ResourceKey, List<Condition>> statuses) {
        for (TrafficTargetPolicy target : TrafficTargetPolicy.of(mesh)) {
            List<String> problems = new ArrayList<>();
            String reason = null;
            if (!mesh.serviceAccountExists(target.namespace(), target.destination())) {
                reason = "ServiceAccountNotFound";
                problems.add("destination ServiceAccount " + target.namespace() + "/" + target.destination()
                        + " not found (Pods running as it admit the sources all the same)");
            }
            for (TrafficTargetPolicy.Source source : target.sources()) {
                if (!mesh.serviceAccountExists(source.namespace(), source.name())) {
                    reason = reason == null ? "ServiceAccountNotFound" : reason;
                    problems.add("source ServiceAccount " + source + " not found (the grant names its identity "
                            + source.principal() + " anyway)");
                }
            }
            for (TrafficTargetPolicy.Rule rule : target.rules()) {
                Optional<Resource> route = rule.kind().equals("TCPRoute") ? tcpRoute(mesh, target, rule)
                        : httpRouteGroup(mesh, target, rule);
                if (route.isEmpty()) {
                    reason = reason == null ? "RouteNotFound" : reason;
                    problems.add(rule.kind() + " " + target.namespace() + "/" + rule.name() + " not found: its rule grants nothing");
                } else if (rule.kind().equals("HTTPRouteGroup")) {
                    List<String> missing = missingMatches(route.get(), rule);
                    if (!missing.isEmpty()) {
                        reason = reason == null ? "MatchNotFound" : reason;
                        problems.add("HTTPRouteGroup " + target.namespace() + "/" + rule.name() + " has no match "
                                + String.join(", ", missing) + ": those names grant nothing");
                    }
                }
            }
            Condition accepted = mesh.settings().permissive()
                    ? Condition.isTrue(Condition.ACCEPTED, "Accepted", "stored, not enforced: MeshConfig"
                            + " traffic.enablePermissiveTrafficPolicyMode is on, so every port admits anyone")
                    : Condition.isTrue(Condition.ACCEPTED, "Accepted", "enforced by the sidecars of ServiceAccount "
                            + target.namespace() + "/" + target.destination());
            Condition resolved = problems.isEmpty()
                    ? Condition.isTrue(Condition.RESOLVED_REFS, "ResolvedRefs",
                            "every ServiceAccount and route it names exists")
                    : Condition.isFalse(Condition.RESOLVED_REFS, reason, String.join("; ", problems));
            statuses.put(target.resource().key(), List.of(accepted, resolved));
        }
    }

    private static Optional<Resource> tcpRoute(MeshModel mesh, TrafficTargetPolicy target, TrafficTargetPolicy.Rule rule) {
        return mesh.inputs().find(mesh.inputs().tcpRoutes(), target.namespace(), rule.name());
    }

    private static Optional<Resource> httpRouteGroup(MeshModel mesh, TrafficTargetPolicy target,
                                                     TrafficTargetPolicy.Rule rule) {
        return mesh.inputs().find(mesh.inputs().httpRouteGroups(), target.namespace(), rule.name());
    }

    private static boolean listsPort(Resource tcpRoute, int port) {
        JsonNode ports = tcpRoute.spec().path("matches").path("ports");
        if (ports.isEmpty()) {
            return true;
        }
        for (JsonNode p : ports) {
            if (p.asInt() == port) {
                return true;
            }
        }
        return false;
    }

    /** The group's matches the rule selects, in the group's order. */
    private static List<JsonNode> selected(Resource group, TrafficTargetPolicy.Rule rule) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode match : group.spec().path("matches")) {
            if (rule.matches().isEmpty() || rule.matches().contains(match.path("name").asText())) {
                out.add(match);
            }
        }
        return out;
    }

    private static List<String> missingMatches(Resource group, TrafficTargetPolicy.Rule rule) {
        Set<String> names = new TreeSet<>();
        group.spec().path("matches").forEach(m -> names.add(m.path("name").asText()));
        return rule.matches().stream().filter(name -> !names.contains(name)).toList();
    }
}
