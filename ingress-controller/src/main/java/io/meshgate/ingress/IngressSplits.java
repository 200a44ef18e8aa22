package io.meshgate.ingress;

import io.meshgate.config.WeightedCluster;
import io.meshgate.resources.Resource;
import io.meshgate.resources.TrafficSplitSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * SMI TrafficSplits at the ingress gateway (Meshgate's own; FSM's gateway ignores them): an Ingress backend that
 * is a split's root Service sends its requests to the split's backend Services by weight, so a canary works for
 * north-south traffic without sidecars. The semantics mirror the sidecars' ({@code split.TrafficSplitRouting}):
 *
 * <ul>
 *   <li>A backend serves the root's port {@code p} through its own Service port numbered {@code p} (FSM's
 *       {@code GetTargetPortForServicePort}), with its Endpoints at that port; a backend without that port or
 *       whose Service is missing gets no share (its weight is not counted), and the condition says so.</li>
 *   <li>Weight 0 sends a backend nothing; every weight 0 answers 503 (as the sidecars do).</li>
 *   <li>Of several splits that take every request, the oldest (creation time, then name) applies.</li>
 *   <li>HTTPRouteGroup-scoped splits are not applied here: an Ingress path already selects the requests, and a
 *       route group's whole-path regex cannot be intersected with it in one route (RE2 has no lookahead), so
 *       honouring one would take requests outside the Ingress's path. Requests go to the root Service, as
 *       without the split, and the condition says so; the sidecars apply such splits.</li>
 *   <li>When no backend serves the port the route stays the root Service's.</li>
 * </ul>
 */
final class IngressSplits {
    /** The condition type on an Ingress one of whose backends is a split's root. */
    static final String CONDITION = "TrafficSplit";

    /** What the gateway does with one backend's split, for its route and the Ingress's condition. */
    record Outcome(List<WeightedCluster> clusters, Problem problem, String message) {}

    /** Why a split is applied only in part, or not at all; in order of severity (the first one found names the reason). */
    enum Problem {
        ALL_WEIGHTS_ZERO("AllWeightsZero"), NO_BACKENDS("NoBackends"), MATCHES_NOT_APPLIED("MatchesNotApplied"),
        BACKEND_NOT_FOUND("BackendNotFound"), CONFLICTED("Conflicted");

        final String reason;

        Problem(String reason) {
            this.reason = reason;
        }
    }

    /** Oldest first (creation time, then name), as the sidecars pick among splits that take every request. */
    private static final Comparator<TrafficSplitSpec> OLDEST_FIRST = Comparator
            .comparing((TrafficSplitSpec s) -> Optional.ofNullable(s.resource().metadata().creationTimestamp())
                    .orElse(Instant.MAX))
            .thenComparing(TrafficSplitSpec::name);

    private final Map<String, List<TrafficSplitSpec>> byNamespace = new LinkedHashMap<>();
    private final BackendResolver resolver;

    IngressSplits(IngressInputs inputs, BackendResolver resolver) {
        this.resolver = resolver;
        for (Resource split : inputs.trafficSplits()) {
            byNamespace.computeIfAbsent(split.namespace(), n -> new ArrayList<>()).add(TrafficSplitSpec.of(split));
        }
    }

    /**
     * How the gateway routes requests for {@code root}, or empty when no TrafficSplit names it as its root.
     *
     * @param clusterFor the cluster (with the Ingress's settings) of a resolved backend Service port
     */
    Optional<Outcome> route(BackendResolver.Resolved root, Function<BackendResolver.Resolved, String> clusterFor) {
        List<TrafficSplitSpec> splits = rootedSpecs(root.namespace(), root.service());
        if (splits.isEmpty()) {
            return Optional.empty();
        }
        String service = "Service " + root.namespace() + "/" + root.service() + " port " + root.servicePort();
        List<TrafficSplitSpec> whole = splits.stream().filter(s -> !s.scoped()).sorted(OLDEST_FIRST).toList();
        List<String> scoped = splits.stream().filter(TrafficSplitSpec::scoped).map(TrafficSplitSpec::qualifiedName).toList();
        if (whole.isEmpty()) {
            return Optional.of(new Outcome(List.of(), Problem.MATCHES_NOT_APPLIED, service + ": TrafficSplit "
                    + String.join(", ", scoped) + " takes only the requests of its HTTPRouteGroup matches, which the"
                    + " ingress gateway does not apply: requests go to the root Service"));
        }
        TrafficSplitSpec split = whole.getFirst();
        List<WeightedCluster> clusters = new ArrayList<>();
        List<String> shares = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Problem problem = null;
        for (TrafficSplitSpec.Backend backend : split.backends()) {
            var resolution = resolver.resolve(root.namespace(), new BackendRef(backend.service(), root.servicePort(), null));
            switch (resolution) {
                case BackendResolver.Failure failure -> {
                    notes.add(backend.field() + ".service: " + failure.message() + ": it gets no share");
                    problem = worst(problem, Problem.BACKEND_NOT_FOUND);
                }
                case BackendResolver.Resolved found -> {
                    clusters.add(new WeightedCluster(clusterFor.apply(found), backend.effectiveWeight()));
                    shares.add(backend.service() + " " + backend.effectiveWeight());
                    if (found.endpoints().isEmpty() && backend.effectiveWeight() > 0) {
                        notes.add(backend.field() + ".service: Service " + found.namespace() + "/" + found.service()
                                + " port " + found.servicePort() + " has no ready endpoints: its share answers 503");
                    }
                    if (backend.weight() < 0) {
                        notes.add(backend.field() + ".weight: " + backend.weight() + " counts as 0");
                    }
                }
            }
        }
        if (whole.size() > 1) {
            notes.add("TrafficSplit " + whole.subList(1, whole.size()).stream().map(TrafficSplitSpec::qualifiedName)
                    .collect(Collectors.joining(", ")) + " also splits it: the oldest, " + split.qualifiedName()
                    + ", applies");
            problem = worst(problem, Problem.CONFLICTED);
        }
        if (!scoped.isEmpty()) {
            notes.add("TrafficSplit " + String.join(", ", scoped) + " (HTTPRouteGroup matches) is not applied by the"
                    + " ingress gateway");
            problem = worst(problem, Problem.MATCHES_NOT_APPLIED);
        }
        String by = service + " split by TrafficSplit " + split.qualifiedName();
        if (clusters.isEmpty()) {
            return Optional.of(new Outcome(List.of(), Problem.NO_BACKENDS, service + ": no backend of TrafficSplit "
                    + split.qualifiedName() + " has port " + root.servicePort()
                    + ": requests go to the root Service" + suffix(notes)));
        }
        if (clusters.stream().allMatch(c -> c.weight() == 0)) {
            return Optional.of(new Outcome(clusters, Problem.ALL_WEIGHTS_ZERO, by + ": every weight is 0: the gateway"
                    + " answers 503" + suffix(notes)));
        }
        return Optional.of(new Outcome(clusters, problem, by + ": " + String.join(", ", shares) + suffix(notes)));
    }

    /** The TrafficSplits whose root is Service {@code namespace/service}, in input order. */
    List<Resource> rootedAt(String namespace, String service) {
        return rootedSpecs(namespace, service).stream().map(TrafficSplitSpec::resource).toList();
    }

    private List<TrafficSplitSpec> rootedSpecs(String namespace, String service) {
        return byNamespace.getOrDefault(namespace, List.of()).stream()
                .filter(s -> s.rootIs(namespace, service)).toList();
    }

    private static Problem worst(Problem a, Problem b) {
        return a == null || b.ordinal() < a.ordinal() ? b : a;
    }

    private static String suffix(List<String> notes) {
        return notes.isEmpty() ? "" : " (" + String.join("; ", notes) + ")";
    }
}
