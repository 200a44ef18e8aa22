package io.meshgate.sidecar.translator.split;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgate.resources.Resource;
import io.meshgate.resources.TrafficSplitSpec;
import io.meshgate.sidecar.translator.MeshModel;
import io.meshgate.sidecar.translator.ServicePort;
import io.meshgate.sidecar.translator.access.HttpRouteGroupMatches;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A TrafficSplit with its references looked up in the mesh: the root Service, each backend's Service,
 * the matches of its HTTPRouteGroups. Depends on the mesh only, so the routing of every sidecar and the
 * conditions agree.
 *
 * <p>A backend serves the root's port {@code p} through its own Service port numbered {@code p}, as
 * FSM looks it up ({@code GetTargetPortForServicePort(backend, apexPort)}): the backend's target port
 * and Endpoints at that port, whatever the root's target port is. A backend without that port gets no
 * share on it.
 */
final class ResolvedSplit {
    private final TrafficSplitSpec policy;
    private final Optional<Resource> root;
    private final List<Optional<Resource>> backendServices;
    private final List<SplitMatch> matches;
    private final List<String> missingGroups;

    private ResolvedSplit(TrafficSplitSpec policy, Optional<Resource> root, List<Optional<Resource>> backendServices,
                          List<SplitMatch> matches, List<String> missingGroups) {
        this.policy = policy;
        this.root = root;
        this.backendServices = backendServices;
        this.matches = matches;
        this.missingGroups = missingGroups;
    }

    /** Every TrafficSplit of the mesh, in namespace/name order. */
    static List<ResolvedSplit> of(MeshModel mesh) {
        List<ResolvedSplit> out = new ArrayList<>();
        for (Resource split : mesh.inputs().trafficSplits()) {
            out.add(resolve(mesh, TrafficSplitSpec.of(split)));
        }
        return out;
    }

    private static ResolvedSplit resolve(MeshModel mesh, TrafficSplitSpec policy) {
        Optional<Resource> root = mesh.inputs().inNamespace(mesh.inputs().services(), policy.namespace()).stream()
                .filter(service -> policy.rootIs(service.namespace(), service.name())).findFirst();
        List<Optional<Resource>> backends = policy.backends().stream()
                .map(b -> mesh.service(policy.namespace(), b.service())).toList();
        List<SplitMatch> matches = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < policy.groups().size(); i++) {
            String group = policy.groups().get(i);
            Optional<Resource> routeGroup = mesh.inputs().find(mesh.inputs().httpRouteGroups(), policy.namespace(), group);
            if (routeGroup.isEmpty()) {
                missing.add("spec.matches[" + i + "].name: HTTPRouteGroup " + policy.namespace() + "/" + group
                        + " not found");
                continue;
            }
            for (JsonNode match : routeGroup.get().spec().path("matches")) {
                matches.add(new SplitMatch(group + "|" + match.path("name").asText(""), HttpRouteGroupMatches.of(match)));
            }
        }
        return new ResolvedSplit(policy, root, backends, List.copyOf(matches), List.copyOf(missing));
    }

    TrafficSplitSpec policy() {
        return policy;
    }

    Optional<Resource> root() {
        return root;
    }

    /** The requests a scoped split takes (empty for one that takes every request). */
    List<SplitMatch> matches() {
        return matches;
    }

    /** A scoped split none of whose HTTPRouteGroups exists takes nothing: a narrowing that cannot be read never widens. */
    boolean appliesToSomething() {
        return root.isPresent() && (!policy.scoped() || !matches.isEmpty());
    }

    /** Field-path messages for the HTTPRouteGroups that do not exist. */
    List<String> missingGroups() {
        return missingGroups;
    }

    /** Field-path messages for the backend Services that do not exist. */
    List<String> missingBackends() {
        List<String> out = new ArrayList<>();
        for (TrafficSplitSpec.Backend backend : policy.backends()) {
            if (backendServices.get(backend.index()).isEmpty()) {
                out.add(backend.field() + ".service: Service " + policy.namespace() + "/" + backend.service()
                        + " not found: it gets no share");
            }
        }
        return out;
    }

    /**
     * The backends that serve the root's {@code rootPort}: each existing backend Service with a TCP port
     * of that number, with its weight (0 included: the proxy sends it nothing). Empty when none has it.
     */
    List<BackendPort> on(ServicePort rootPort) {
        List<BackendPort> out = new ArrayList<>();
        for (TrafficSplitSpec.Backend backend : policy.backends()) {
            Optional<Resource> service = backendServices.get(backend.index());
            if (service.isEmpty()) {
                continue;
            }
            ServicePort.of(service.get()).stream().filter(p -> p.port() == rootPort.port()).findFirst()
                    .ifPresent(port -> out.add(new BackendPort(backend, service.get(), port)));
        }
        return out;
    }

    /** The backends whose Service exists but has no TCP port numbered like {@code rootPort}. */
    List<TrafficSplitSpec.Backend> withoutPort(ServicePort rootPort) {
        List<BackendPort> serving = on(rootPort);
        return policy.backends().stream()
                .filter(b -> backendServices.get(b.index()).isPresent())
                .filter(b -> serving.stream().noneMatch(s -> s.backend().equals(b)))
                .toList();
    }

    /** One backend Service's port that serves the root's port, and its weight. */
    record BackendPort(TrafficSplitSpec.Backend backend, Resource service, ServicePort port) {
        int weight() {
            return backend.effectiveWeight();
        }
    }
}
