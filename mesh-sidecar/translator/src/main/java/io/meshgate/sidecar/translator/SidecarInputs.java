package io.meshgate.sidecar.translator;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgate.resources.MeshConfigDefaults;
import io.meshgate.resources.Resource;
import io.meshgate.resources.ResourceKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The resources the translator reads. Lists are copied and sorted by namespace then name, so the
 * output never depends on the order the caller found them in.
 *
 * <p>Pods are read from the plain resource tree ({@code metadata.labels}, {@code spec.serviceAccountName},
 * {@code status.podIP}, {@code status.phase}), so no Pod validator is needed to translate them.
 *
 * @param trafficSplits  split.smi-spec.io TrafficSplits
 * @param egresses       policy.flomesh.io Egress policies
 * @param egressGateways policy.flomesh.io EgressGateways
 * @param secrets        the Secrets Egress policies name ({@code sources[].mtls.cert.secret}) and no
 *                       other: a caller holding every Secret passes only those
 *                       ({@link #egressSecrets}), so no other key material reaches a sidecar's
 *                       translation
 * @param meshConfig     the MeshConfig, or null for FSM's defaults
 * @param retries        policy.flomesh.io Retry policies
 * @param upstreamTrafficSettings policy.flomesh.io UpstreamTrafficSettings (circuit breaking, connection
 *                       settings, local rate limits)
 */
public record SidecarInputs(List<Resource> services, List<Resource> endpoints, List<Resource> pods,
                            List<Resource> serviceAccounts, List<Resource> trafficTargets,
                            List<Resource> httpRouteGroups, List<Resource> tcpRoutes, List<Resource> ingressBackends,
                            List<Resource> accessControls, List<Resource> trafficSplits, List<Resource> egresses,
                            List<Resource> egressGateways, List<Resource> secrets, Resource meshConfig,
                            List<Resource> retries, List<Resource> upstreamTrafficSettings) {

    /**
     * Every kind the translator reads whole, for callers that pick them out of a larger set. Secrets
     * are not among them: only the ones {@link #egressSecrets} names are read.
     */
    public static final List<String> KINDS = List.of("Service", "Endpoints", "Pod", "ServiceAccount", "TrafficTarget",
            "HTTPRouteGroup", "TCPRoute", "IngressBackend", "AccessControl", "TrafficSplit", "Egress", "EgressGateway",
            "MeshConfig", "Retry", "UpstreamTrafficSetting");

    /** The kind of {@link #secrets}. */
    public static final String SECRET = "Secret";

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
        trafficSplits = sorted(trafficSplits);
        egresses = sorted(egresses);
        egressGateways = sorted(egressGateways);
        secrets = sorted(secrets);
        retries = sorted(retries);
        upstreamTrafficSettings = sorted(upstreamTrafficSettings);
    }

    /** Inputs without TrafficSplits, Retry policies and UpstreamTrafficSettings (the record before they were read). */
    public SidecarInputs(List<Resource> services, List<Resource> endpoints, List<Resource> pods,
                         List<Resource> serviceAccounts, List<Resource> trafficTargets,
                         List<Resource> httpRouteGroups, List<Resource> tcpRoutes, List<Resource> ingressBackends,
                         List<Resource> accessControls, List<Resource> egresses, List<Resource> egressGateways,
                         List<Resource> secrets, Resource meshConfig) {
        this(services, endpoints, pods, serviceAccounts, trafficTargets, httpRouteGroups, tcpRoutes, ingressBackends,
                accessControls, List.of(), egresses, egressGateways, secrets, meshConfig, List.of(), List.of());
    }

    /**
     * Picks the kinds the translator reads out of any mix of resources, Secrets included (pass only
     * the ones {@link #egressSecrets} names). Of several MeshConfigs, {@code fsm-system/fsm-mesh-config}
     * wins, else the first by namespace/name.
     */
    public static SidecarInputs from(List<Resource> resources) {
        Map<String, List<Resource>> byKind = new TreeMap<>();
        KINDS.forEach(kind -> byKind.put(kind, new ArrayList<>()));
        byKind.put(SECRET, new ArrayList<>());
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
                byKind.get("TCPRoute"), byKind.get("IngressBackend"), byKind.get("AccessControl"),
                byKind.get("TrafficSplit"), byKind.get("Egress"),
                byKind.get("EgressGateway"), byKind.get(SECRET), meshConfig, byKind.get("Retry"),
                byKind.get("UpstreamTrafficSetting"));
    }

    /**
     * The Secrets {@code egresses} name as client certificates ({@code spec.sources[].mtls.cert.secret}),
     * in order, without duplicates: what a caller holding every Secret hands the translator.
     */
    public static List<ResourceKey> egressSecrets(List<Resource> egresses) {
        Set<ResourceKey> out = new LinkedHashSet<>();
        for (Resource egress : egresses) {
            for (JsonNode source : egress.spec().path("sources")) {
                JsonNode secret = source.path("mtls").path("cert").path("secret");
                String name = secret.path("name").asText("");
                if (!name.isEmpty()) {
                    out.add(new ResourceKey(SECRET, secret.path("namespace").asText(egress.namespace()), name));
                }
            }
        }
        return List.copyOf(out);
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
