package io.meshgate.sidecar.translator.egress;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgate.config.Cluster;
import io.meshgate.config.EgressTunnel;
import io.meshgate.config.Endpoint;
import io.meshgate.config.UpstreamTls;
import io.meshgate.resources.Resource;
import io.meshgate.sidecar.translator.EndpointAddress;
import io.meshgate.sidecar.translator.MeshIdentities;
import io.meshgate.sidecar.translator.MeshModel;
import io.meshgate.sidecar.translator.MeshSettings;
import io.meshgate.sidecar.translator.ServicePort;
import io.meshgate.sidecar.translator.SidecarContext;
import io.meshgate.sidecar.translator.WorkloadCertificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The egress gateway an EgressGateway policy ({@code spec.global[]: {service, namespace, weight}})
 * sends every sidecar's Egress traffic through (FSM's global gateway; its per-policy rules are not
 * wired in FSM either). Read once per translation, the same for every workload.
 *
 * <ul>
 *   <li>Of several EgressGateways the first by namespace/name is honoured: FSM allows one.</li>
 *   <li>Each {@code global[]} entry's Service: the port numbered MeshConfig
 *       {@code egressGateway.port} (1080), else its only TCP port; its ready Endpoints there, each
 *       weighted by the entry's {@code weight} (1 when unset, 0 drains it). A Service that is missing or
 *       has no such port is left out; when none is left the policy has no effect and egress goes
 *       directly.</li>
 *   <li>Mode: MeshConfig {@code egressGateway.mode}, {@code http2tunnel} (HTTP CONNECT, the default)
 *       or {@code sock5} (SOCKS5), the setting FSM's gateway itself is started with.</li>
 *   <li>The sidecar presents its mesh certificate and verifies the gateway's identity
 *       {@value #GATEWAY_IDENTITY} against the mesh CA: the gateway knows who asks, and the sidecar
 *       never hands traffic to an impostor.</li>
 * </ul>
 *
 * @param policy    the honoured EgressGateway
 * @param endpoints the gateway's tunnel endpoints, weighted
 * @param inEffect  true when at least one {@code global[]} Service resolved: tunnels are then built,
 *                  even while its endpoints are not ready (connections fail rather than leave unseen)
 * @param problems  what is left out and why, field first
 */
public record EgressGatewayRoute(Resource policy, List<Endpoint> endpoints, boolean inEffect, List<String> problems) {
    /** The cluster every tunnelled egress cluster names. */
    public static final String CLUSTER = "egress-gateway";
    /** The gateway's mesh identity, as its certificate names it. */
    public static final String GATEWAY_IDENTITY = "fsm-egress-gateway.fsm-system." + MeshIdentities.TRUST_DOMAIN;

    public EgressGatewayRoute {
        endpoints = List.copyOf(endpoints);
        problems = List.copyOf(problems);
    }

    /** The honoured EgressGateway, resolved; empty when the mesh has none. */
    public static Optional<EgressGatewayRoute> of(MeshModel mesh) {
        List<Resource> gateways = honouredFirst(mesh);
        if (gateways.isEmpty()) {
            return Optional.empty();
        }
        Resource policy = gateways.getFirst();
        List<Endpoint> endpoints = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        boolean inEffect = false;
        JsonNode global = policy.spec().path("global");
        for (int i = 0; i < global.size(); i++) {
            JsonNode entry = global.get(i);
            String field = "spec.global[" + i + "]";
            String namespace = entry.path("namespace").asText(policy.namespace());
            String name = entry.path("service").asText("");
            Optional<Resource> service = mesh.service(namespace, name);
            if (service.isEmpty()) {
                problems.add(field + ": Service " + namespace + "/" + name + " not found");
                continue;
            }
            Optional<ServicePort> port = tunnelPort(service.get(), mesh.settings());
            if (port.isEmpty()) {
                problems.add(field + ": Service " + namespace + "/" + name + " has no TCP port "
                        + mesh.settings().egressGatewayPort() + " (MeshConfig egressGateway.port) and not exactly one TCP port");
                continue;
            }
            inEffect = true;
            int weight = entry.path("weight").isIntegralNumber() ? entry.path("weight").asInt() : 1;
            List<EndpointAddress> addresses = mesh.endpoints(service.get(), port.get());
            if (addresses.isEmpty()) {
                problems.add(field + ": Service " + namespace + "/" + name + " has no ready endpoints at port "
                        + port.get().port() + " yet");
            }
            addresses.forEach(a -> endpoints.add(new Endpoint(a.ip(), a.port(), Math.max(0, weight))));
        }
        return Optional.of(new EgressGatewayRoute(policy, endpoints, inEffect, problems));
    }

    private static Optional<ServicePort> tunnelPort(Resource service, MeshSettings settings) {
        List<ServicePort> ports = ServicePort.of(service);
        for (ServicePort port : ports) {
            if (port.port() == settings.egressGatewayPort()) {
                return Optional.of(port);
            }
        }
        return ports.size() == 1 ? Optional.of(ports.getFirst()) : Optional.empty();
    }

    /** The gateway cluster of a sidecar: the endpoints, mTLS with the sidecar's certificate. */
    /**
     * The EgressGateway policies, the honoured one first: the oldest (creation time, then namespace and
     * name), as the egress gateway's own translator chooses, so the gateway and the sidecars agree.
     */
    static List<Resource> honouredFirst(MeshModel mesh) {
        List<Resource> gateways = new ArrayList<>(mesh.inputs().egressGateways());
        gateways.sort(java.util.Comparator
                .comparing((Resource r) -> java.util.Optional.ofNullable(r.metadata().creationTimestamp())
                        .orElse(java.time.Instant.MAX))
                .thenComparing(r -> r.namespace() == null ? "" : r.namespace())
                .thenComparing(Resource::name));
        return gateways;
    }

    /**
     * With {@code traffic.enableEgress} on and a gateway in effect, the original-destination cluster that the
     * outbound listener's unmatched connections take through the gateway (FSM's egress gateway passthrough),
     * added to {@code clusters} with the gateway's; null otherwise (unmatched connections pass directly, or
     * are refused).
     */
    public static String passthroughCluster(SidecarContext context, Map<String, Cluster> clusters) {
        if (!context.settings().egress()) {
            return null;
        }
        Optional<EgressGatewayRoute> gateway = of(context.mesh()).filter(EgressGatewayRoute::inEffect);
        if (gateway.isEmpty()) {
            return null;
        }
        clusters.put(HttpEgressRules.PASSTHROUGH_CLUSTER, Cluster.originalDestination(HttpEgressRules.PASSTHROUGH_CLUSTER,
                null, gateway.get().tunnel(context.settings())));
        clusters.put(CLUSTER, gateway.get().cluster(context.certificate()));
        return HttpEgressRules.PASSTHROUGH_CLUSTER;
    }

    public Cluster cluster(WorkloadCertificate own) {
        return Cluster.of(CLUSTER, endpoints).withTls(new UpstreamTls(GATEWAY_IDENTITY, true, true, own.caPem(),
                own.certificateChainPem(), own.privateKey()));
    }

    /** The tunnel egress clusters name. */
    public EgressTunnel tunnel(MeshSettings settings) {
        return new EgressTunnel(CLUSTER, settings.egressGatewayMode());
    }
}
