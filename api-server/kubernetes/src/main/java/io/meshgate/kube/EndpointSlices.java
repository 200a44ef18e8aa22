package io.meshgate.kube;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditions;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.meshgate.resources.ObjectMeta;
import io.meshgate.resources.Resource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Folds the EndpointSlices of each Service into one {@code v1 Endpoints}-shaped resource, the input
 * the translator's backend resolver reads (Kubernetes mirrors Endpoints from slices the same way,
 * but the Endpoints API is deprecated and capped at 1000 addresses).
 *
 * <ul>
 *   <li>A slice belongs to the Service named by its {@value #SERVICE_NAME_LABEL} label; slices without it
 *       (hand-made, or of a headless selector-less Service) are ignored.</li>
 *   <li>Only ready endpoints are kept; {@code ready} absent counts as ready, as the API specifies.
 *       Of an endpoint's addresses only the first is used: the API says they are fungible.</li>
 *   <li>FQDN slices are ignored (an Endpoints address is an IP), so are ports without a number and
 *       non-TCP ports (an Ingress only carries HTTP).</li>
 *   <li>Slices with the same ports become one subset; addresses are de-duplicated (an endpoint may
 *       briefly sit in two slices while they are rebalanced) and sorted, so equal clusters give
 *       equal configs and the kernel is not re-applied for nothing.</li>
 *   <li>A Service whose slices have no ready endpoint gets an Endpoints with no subsets.</li>
 * </ul>
 */
public final class EndpointSlices {
    /** The label that ties a slice to its Service. */
    public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

    private EndpointSlices() {}

    private record ServiceKey(String namespace, String name) {}

    private record Port(String name, int port, String protocol) {}

    private static final Comparator<Port> PORT_ORDER = Comparator.comparing(Port::name).thenComparingInt(Port::port);

    /** One Endpoints per Service that has at least one slice, sorted by namespace then name. */
    public static List<Resource> toEndpoints(Collection<EndpointSlice> slices) {
        Map<ServiceKey, Map<List<Port>, Map<String, Target>>> byService = new TreeMap<>(
                Comparator.comparing(ServiceKey::namespace).thenComparing(ServiceKey::name));
        for (EndpointSlice slice : slices) {
            if (slice.getMetadata() == null || slice.getMetadata().getNamespace() == null) {
                continue;
            }
            Map<String, String> labels = slice.getMetadata().getLabels();
            String service = labels == null ? null : labels.get(SERVICE_NAME_LABEL);
            if (service == null || service.isEmpty()) {
                continue;
            }
            Map<List<Port>, Map<String, Target>> subsets = byService.computeIfAbsent(
                    new ServiceKey(slice.getMetadata().getNamespace(), service), k -> new LinkedHashMap<>());
            if (!"IPv4".equals(slice.getAddressType()) && !"IPv6".equals(slice.getAddressType())) {
                continue;
            }
            List<Port> ports = ports(slice.getPorts());
            if (ports.isEmpty()) {
                continue;
            }
            Map<String, Target> addresses = subsets.computeIfAbsent(ports, k -> new TreeMap<>());
            if (slice.getEndpoints() != null) {
                for (Endpoint endpoint : slice.getEndpoints()) {
                    if (ready(endpoint.getConditions()) && endpoint.getAddresses() != null
                            && !endpoint.getAddresses().isEmpty() && endpoint.getAddresses().getFirst() != null) {
                        addresses.put(endpoint.getAddresses().getFirst(), Target.of(endpoint.getTargetRef()));
                    }
                }
            }
        }
        List<Resource> out = new ArrayList<>();
        byService.forEach((key, subsets) -> out.add(endpoints(key, subsets)));
        return out;
    }

    private static boolean ready(EndpointConditions conditions) {
        return conditions == null || conditions.getReady() == null || conditions.getReady();
    }

    private static List<Port> ports(List<EndpointPort> ports) {
        if (ports == null) {
            return List.of();
        }
        List<Port> out = new ArrayList<>();
        for (EndpointPort p : ports) {
            String protocol = p.getProtocol() == null ? "TCP" : p.getProtocol();
            if (p.getPort() != null && p.getPort() >= 1 && p.getPort() <= 65535 && protocol.equals("TCP")) {
                out.add(new Port(p.getName() == null ? "" : p.getName(), p.getPort(), protocol));
            }
        }
        out.sort(PORT_ORDER);
        return List.copyOf(out);
    }

    private static Resource endpoints(ServiceKey key, Map<List<Port>, Map<String, Target>> subsets) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ArrayNode subsetArray = f.arrayNode();
        subsets.entrySet().stream()
                .filter(e -> !e.getValue().isEmpty())
                .sorted(Comparator.comparing(e -> e.getKey().toString()))
                .forEach(e -> {
                    ObjectNode subset = subsetArray.addObject();
                    ArrayNode addresses = subset.putArray("addresses");
                    e.getValue().forEach((ip, target) -> {
                        ObjectNode address = addresses.addObject().put("ip", ip);
                        if (target != null) {
                            // the Pod behind the address: the sidecar translator reads its ServiceAccount (identity)
                            ObjectNode ref = address.putObject("targetRef").put("kind", target.kind());
                            if (target.namespace() != null) {
                                ref.put("namespace", target.namespace());
                            }
                            ref.put("name", target.name());
                        }
                    });
                    ArrayNode ports = subset.putArray("ports");
                    for (Port p : e.getKey()) {
                        ObjectNode port = ports.addObject();
                        if (!p.name().isEmpty()) {
                            port.put("name", p.name());
                        }
                        port.put("port", p.port()).put("protocol", p.protocol());
                    }
                });
        ObjectNode body = f.objectNode();
        body.set("subsets", subsetArray);
        return Resource.of("v1", "Endpoints", ObjectMeta.of(key.namespace(), key.name()), body, null);
    }

    /** The object an endpoint stands for ({@code targetRef}, a Pod), as Endpoints name it. */
    private record Target(String kind, String namespace, String name) {
        static Target of(io.fabric8.kubernetes.api.model.ObjectReference ref) {
            return ref == null || ref.getKind() == null || ref.getName() == null ? null
                    : new Target(ref.getKind(), ref.getNamespace(), ref.getName());
        }
    }
}
