package io.meshgate.egress.translator;

import io.meshgate.resources.MeshConfigDefaults;
import io.meshgate.resources.Resource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The resources the egress gateway's translator reads. Lists are copied and sorted by namespace then
 * name, so the output never depends on the order the caller found them in.
 *
 * @param meshConfig the MeshConfig, or null for the defaults Meshgate stores at first start
 */
public record EgressGatewayInputs(List<Resource> egresses, List<Resource> egressGateways, List<Resource> services,
                                  Resource meshConfig) {

    /** Every kind the translator reads, for callers that pick them out of a larger set. */
    public static final List<String> KINDS = List.of("Egress", "EgressGateway", "Service", "MeshConfig");

    private static final Comparator<Resource> BY_KEY = Comparator
            .comparing((Resource r) -> r.namespace() == null ? "" : r.namespace())
            .thenComparing(Resource::name);

    public EgressGatewayInputs {
        egresses = sorted(egresses);
        egressGateways = sorted(egressGateways);
        services = sorted(services);
    }

    /**
     * Picks the kinds the translator reads out of any mix of resources. Of several MeshConfigs,
     * {@code fsm-system/fsm-mesh-config} wins, else the first by namespace/name.
     */
    public static EgressGatewayInputs from(List<Resource> resources) {
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
        return new EgressGatewayInputs(byKind.get("Egress"), byKind.get("EgressGateway"), byKind.get("Service"),
                meshConfig);
    }

    /** The Service {@code namespace/name}, if there is one. */
    public Optional<Resource> service(String namespace, String name) {
        return services.stream().filter(s -> namespace.equals(s.namespace()) && name.equals(s.name())).findFirst();
    }

    private static List<Resource> sorted(List<Resource> list) {
        return list == null ? List.of() : list.stream().sorted(BY_KEY).toList();
    }
}
