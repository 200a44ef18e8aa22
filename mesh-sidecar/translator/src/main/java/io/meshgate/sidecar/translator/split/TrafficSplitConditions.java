package io.meshgate.sidecar.translator.split;

import io.meshgate.config.DestinationRule.AppProtocol;
import io.meshgate.resources.Condition;
import io.meshgate.resources.Resource;
import io.meshgate.resources.ResourceKey;
import io.meshgate.resources.TrafficSplitSpec;
import io.meshgate.sidecar.translator.MeshModel;
import io.meshgate.sidecar.translator.ServicePort;
import io.meshgate.sidecar.translator.split.ResolvedSplit.BackendPort;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The conditions of TrafficSplits: {@code Accepted} (what the sidecars do with it, port by port, or why
 * nothing) and {@code ResolvedRefs} (each missing Service or HTTPRouteGroup by field). They depend on the
 * mesh only, so every sidecar's translation reports the same.
 *
 * <p>{@code Accepted} is False when the split changes no traffic ({@code ServiceNotFound},
 * {@code RouteNotFound}, {@code NoBackends}, {@code Conflicted}) and when every weight is 0
 * ({@code AllWeightsZero}: the sidecars answer 503 and close connections, as the split says "send
 * nothing"); the apply-time validator refuses that and negative weights, so only objects that skipped it
 * (an informer's) get there.
 */
final class TrafficSplitConditions {
    private TrafficSplitConditions() {}

    static void report(MeshModel mesh, Map<ResourceKey, List<Condition>> statuses) {
        List<ResolvedSplit> splits = ResolvedSplit.of(mesh);
        Map<ResourceKey, RootSplits> byRoot = RootSplits.of(splits);
        for (ResolvedSplit split : splits) {
            statuses.put(split.policy().resource().key(), List.of(accepted(split, byRoot), resolved(split)));
        }
    }

    private static Condition accepted(ResolvedSplit split, Map<ResourceKey, RootSplits> byRoot) {
        TrafficSplitSpec policy = split.policy();
        if (split.root().isEmpty()) {
            return Condition.isFalse(Condition.ACCEPTED, "ServiceNotFound", "spec.service: Service "
                    + policy.namespace() + "/" + policy.root() + " not found: nothing is split");
        }
        Resource root = split.root().get();
        if (!split.appliesToSomething()) {
            return Condition.isFalse(Condition.ACCEPTED, "RouteNotFound", "none of its HTTPRouteGroups exists: no request"
                    + " is split, " + TrafficSplitRouting.qualified(root) + " serves them as before");
        }
        RootSplits siblings = byRoot.get(root.key());
        if (siblings.ignored().contains(split)) {
            ResolvedSplit honoured = siblings.whole().orElseThrow();
            return Condition.isFalse(Condition.ACCEPTED, "Conflicted", "TrafficSplit " + policy.namespace() + "/"
                    + honoured.policy().name() + " (older) already splits every request to "
                    + TrafficSplitRouting.qualified(root) + ": this one is not applied");
        }
        List<String> ports = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        boolean anyShare = false;
        boolean anyPort = false;
        for (ServicePort port : ServicePort.of(root)) {
            List<BackendPort> backends = split.on(port);
            boolean http = port.protocol().rule() == AppProtocol.HTTP;
            if (!http && policy.scoped()) {
                notes.add("port " + port.port() + " (" + protocolName(port) + "): matches select HTTP requests, its"
                        + " connections go to " + TrafficSplitRouting.qualified(root) + " as before");
                continue;
            }
            if (backends.isEmpty()) {
                notes.add("port " + port.port() + ": no backend Service has a port " + port.port());
                continue;
            }
            anyPort = true;
            anyShare |= backends.stream().anyMatch(b -> b.weight() > 0);
            ports.add("port " + port.port() + " (" + (http ? "HTTP requests" : "TCP connections") + "): "
                    + backends.stream().map(b -> b.service().name() + " " + b.weight()).collect(Collectors.joining(", ")));
            for (TrafficSplitSpec.Backend backend : split.withoutPort(port)) {
                notes.add(backend.field() + ".service: Service " + policy.namespace() + "/" + backend.service()
                        + " has no port " + port.port() + ": it gets no share there");
            }
        }
        policy.backends().stream().filter(b -> b.weight() < 0).forEach(b -> notes.add(b.field() + ".weight: "
                + b.weight() + " is negative: counted as 0"));
        if (!anyPort) {
            if (notes.isEmpty()) {
                notes.add("it has no TCP port");
            }
            return Condition.isFalse(Condition.ACCEPTED, "NoBackends", "no port of " + TrafficSplitRouting.qualified(root)
                    + " is split: " + String.join("; ", notes));
        }
        if (!anyShare) {
            return Condition.isFalse(Condition.ACCEPTED, "AllWeightsZero", "every backend's weight is 0: the sidecars"
                    + " answer its requests 503 and close its connections (" + String.join("; ", ports) + ")"
                    + (notes.isEmpty() ? "" : "; " + String.join("; ", notes)));
        }
        StringBuilder message = new StringBuilder("the sidecars split ")
                .append(policy.scoped() ? "the requests of its matches" : "the traffic")
                .append(" to ").append(TrafficSplitRouting.qualified(root)).append(" by weight: ")
                .append(String.join("; ", ports));
        if (policy.scoped() && siblings.whole().isEmpty()) {
            message.append("; other requests go to ").append(TrafficSplitRouting.qualified(root)).append(" as before");
        }
        if (!notes.isEmpty()) {
            message.append("; not applied: ").append(String.join("; ", notes));
        }
        return Condition.isTrue(Condition.ACCEPTED, "Accepted", message.toString());
    }

    private static Condition resolved(ResolvedSplit split) {
        List<String> problems = new ArrayList<>();
        String reason = "ResolvedRefs";
        if (split.root().isEmpty()) {
            problems.add("spec.service: Service " + split.policy().namespace() + "/" + split.policy().root() + " not found");
            reason = "ServiceNotFound";
        }
        if (!split.missingBackends().isEmpty()) {
            problems.addAll(split.missingBackends());
            reason = reason.equals("ResolvedRefs") ? "BackendNotFound" : reason;
        }
        if (!split.missingGroups().isEmpty()) {
            problems.addAll(split.missingGroups());
            reason = reason.equals("ResolvedRefs") ? "RouteNotFound" : reason;
        }
        if (problems.isEmpty()) {
            return Condition.isTrue(Condition.RESOLVED_REFS, "ResolvedRefs",
                    "every Service and HTTPRouteGroup it names exists");
        }
        return Condition.isFalse(Condition.RESOLVED_REFS, reason, String.join("; ", problems));
    }

    private static String protocolName(ServicePort port) {
        return port.appProtocol() == null ? "tcp" : port.appProtocol();
    }
}
