package io.meshgate.sidecar.translator;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgate.resources.Resource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The mesh as every sidecar sees it, whatever its workload: Services with their cluster IPs,
 * ports and Endpoints, the Pods behind those Endpoints and their identities, and the MeshConfig's
 * switches. Lookups only; the features build the config from it.
 */
public final class MeshModel {
    private static final Comparator<EndpointAddress> ADDRESS_ORDER =
            Comparator.comparing(EndpointAddress::ip).thenComparingInt(EndpointAddress::port);

    private final SidecarInputs inputs;
    private final MeshSettings settings;

    public MeshModel(SidecarInputs inputs) {
        this.inputs = inputs;
        this.settings = MeshSettings.from(inputs.meshConfig());
    }

    public SidecarInputs inputs() {
        return inputs;
    }

    public MeshSettings settings() {
        return settings;
    }

    public Optional<Resource> pod(String namespace, String name) {
        return inputs.find(inputs.pods(), namespace, name);
    }

    public Optional<Resource> service(String namespace, String name) {
        return inputs.find(inputs.services(), namespace, name);
    }

    /** True when the ServiceAccount exists. */
    public boolean serviceAccountExists(String namespace, String name) {
        return inputs.find(inputs.serviceAccounts(), namespace, name).isPresent();
    }

    /**
     * A Service's cluster IPs: {@code spec.clusterIPs}, else {@code spec.clusterIP}; empty for a
     * headless Service ({@code None}) and one without an address yet.
     */
    public List<String> clusterIps(Resource service) {
        List<String> out = new ArrayList<>();
        JsonNode spec = service.spec();
        JsonNode list = spec.path("clusterIPs");
        if (list.isArray() && !list.isEmpty()) {
            list.forEach(ip -> out.add(ip.asText()));
        } else if (spec.path("clusterIP").isTextual()) {
            out.add(spec.path("clusterIP").asText());
        }
        return out.stream().filter(ip -> !ip.isBlank() && !ip.equals("None")).distinct().toList();
    }

    /**
     * The ready addresses behind one port of a Service, as kube-proxy finds them: in each subset of
     * its Endpoints, the port named like the Service port (or the only one, when the Service port
     * has no name). Ordered by address.
     */
    public List<EndpointAddress> endpoints(Resource service, ServicePort port) {
        List<EndpointAddress> out = new ArrayList<>();
        for (JsonNode subset : subsets(service)) {
            int number = -1;
            JsonNode ports = subset.path("ports");
            for (JsonNode p : ports) {
                if (p.path("name").asText("").equals(port.name()) || (port.name().isEmpty() && ports.size() == 1)) {
                    number = p.path("port").asInt(-1);
                    break;
                }
            }
            if (number < 1 || number > 65535) {
                continue;
            }
            for (JsonNode address : subset.path("addresses")) {
                String ip = address.path("ip").asText("");
                if (!ip.isEmpty()) {
                    out.add(new EndpointAddress(ip, number, podOf(service.namespace(), address).orElse(null)));
                }
            }
        }
        return out.stream().distinct().sorted(ADDRESS_ORDER).toList();
    }

    /** Every ready IP of a Service's Endpoints, at any port, in order. */
    public SortedSet<String> addresses(Resource service) {
        SortedSet<String> out = new TreeSet<>();
        for (JsonNode subset : subsets(service)) {
            for (JsonNode address : subset.path("addresses")) {
                String ip = address.path("ip").asText("");
                if (!ip.isEmpty()) {
                    out.add(ip);
                }
            }
        }
        return out;
    }

    /**
     * The principals ({@code <sa>.<ns>.cluster.local}) of the mesh Pods behind a Service's ready
     * Endpoints: who a Service stands for as a source, and whom its clients talk to.
     */
    public SortedSet<String> principals(Resource service) {
        SortedSet<String> out = new TreeSet<>();
        for (JsonNode subset : subsets(service)) {
            for (JsonNode address : subset.path("addresses")) {
                podOf(service.namespace(), address).ifPresent(pod ->
                        out.add(MeshIdentities.principal(pod.namespace(), MeshIdentities.serviceAccountOf(pod))));
            }
        }
        return out;
    }

    /** The Services of {@code pod}'s namespace that select it, in name order. */
    public List<Resource> servicesSelecting(Resource pod) {
        return inputs.inNamespace(inputs.services(), pod.namespace()).stream()
                .filter(service -> Pods.selectedBy(service, pod)).toList();
    }

    private Iterable<JsonNode> subsets(Resource service) {
        return inputs.find(inputs.endpoints(), service.namespace(), service.name())
                .map(eps -> (Iterable<JsonNode>) eps.field("subsets")).orElse(List.of());
    }

    /** The Pod an Endpoints address's {@code targetRef} names, when it is a known Pod. */
    private Optional<Resource> podOf(String namespace, JsonNode address) {
        JsonNode ref = address.path("targetRef");
        if (!"Pod".equals(ref.path("kind").asText()) || !ref.path("name").isTextual()) {
            return Optional.empty();
        }
        return pod(ref.path("namespace").asText(namespace), ref.path("name").asText());
    }
}
