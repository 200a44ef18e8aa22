package io.meshgate.sidecar.translator;

import io.meshgate.resources.MeshConfigDefaults;
import io.meshgate.resources.Resource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The resources the translator reads. Lists are copied and sorted by namespace then name, so the
 * output never depends on the order the caller found them in.
 *
 * <p>Pods are read from the plain resource tree ({@code metadata.labels}, {@code spec.serviceAccountName},
 * {@code status.podIP}, {@code status.phase}), so no Pod validator is needed to translate them.
 *
 * @param meshConfig the MeshConfig, or null for FSM's defaults
 */
public record SidecarInputs(List<Resource> services, List<Resource> endpoints, List<Resource> pods,
                            List<Resource> serviceAccounts, List<Resource> trafficTargets,
                            List<Resource> httpRouteGroups, List<Resource> tcpRoutes, List<Resource> ingressBackends,
                            List<Resource> accessControls, Resource meshConfig) {

    /** Every kind the translator reads, for callers that pick them out of a larger set. */
    public static final List<String> KINDS = List.of("Service", "Endpoints", "Pod", "ServiceAccount", "TrafficTarget",
            "HTTPRouteGroup", "TCPRoute", "IngressBackend", "AccessControl", "MeshConfig");

    private static final Comparator<Resource> BY_KEY = Comparator
            .comparing((Resource r) -> r.namespace() == null ? "" : r.namespace())
            .thenComparing(Resource::name);

    public SidecarInputs {
        services = sorted(services);
        endpoints = sorted(endpoints);
        pods = sorted(pods);
        serviceAccounts = sorted(serviceAccounts);
        trafficTargets = sorted(trafficTargets);
        httpRouteGroups = sorted(httpRouteGroups);
        tcpRoutes = sorted(tcpRoutes);
        ingressBackends = sorted(ingressBackends);
        accessControls = sorted(accessControls);
    }

    /**
     * Picks the kinds the translator reads out of any mix of resources. Of several MeshConfigs,
     * {@code fsm-system/fsm-mesh-config} wins, else the first by namespace/name.
     */
    public static SidecarInputs from(List<Resource> resources) {
        Map<String, List<Resource>> byKind = new TreeMap<>();
        KINDS.forEach(kind -> byKind.put(kind, new ArrayList<>()));
        for (Resource r : resources) {
            List<Resource> list = byKind.get(r.kind());
            if (list != null) {
                list.add(r);
            }
        }
        List<Resource> meshConfigs = sorted(byKind.get("MeshConfig"));
        Resource meshConfig = meshConfigs.stream()
                .filter(m -> MeshConfigDefaults.NAMESPACE.equals(m.namespace()) && MeshConfigDefaults.NAME.equals(m.name()))
                .findFirst().orElse(meshConfigs.isEmpty() ? null : meshConfigs.getFirst());
        return new SidecarInputs(byKind.get("Service"), byKind.get("Endpoints"), byKind.get("Pod"),
                byKind.get("ServiceAccount"), byKind.get("TrafficTarget"), byKind.get("HTTPRouteGroup"),
                byKind.get("TCPRoute"), byKind.get("IngressBackend"), byKind.get("AccessControl"), meshConfig);
    }

    /**
     * A namespaced object of one of this input's lists by namespace and name: a binary search, as
     * the lists are sorted by that key and a translation looks up Endpoints and Pods per Service.
     *
     * @param of one of this record's lists
     */
    public Optional<Resource> find(List<Resource> of, String namespace, String name) {
        int low = 0;
        int high = of.size() - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            Resource candidate = of.get(mid);
            int order = compareKey(candidate, namespace, name);
            if (order < 0) {
                low = mid + 1;
            } else if (order > 0) {
                high = mid - 1;
            } else {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The objects of {@code of} in {@code namespace}, in name order. */
    public List<Resource> inNamespace(List<Resource> of, String namespace) {
        return of.stream().filter(r -> namespace.equals(r.namespace())).toList();
    }

    private static int compareKey(Resource r, String namespace, String name) {
        int byNamespace = (r.namespace() == null ? "" : r.namespace()).compareTo(namespace);
        return byNamespace != 0 ? byNamespace : r.name().compareTo(name);
    }

    private static List<Resource> sorted(List<Resource> list) {
        return list == null ? List.of() : list.stream().sorted(BY_KEY).toList();
    }
}
