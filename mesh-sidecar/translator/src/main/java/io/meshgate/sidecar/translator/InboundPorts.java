package io.meshgate.sidecar.translator;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgate.config.Access;
import io.meshgate.config.Cluster;
import io.meshgate.config.DestinationRule;
import io.meshgate.config.DestinationRule.AppProtocol;
import io.meshgate.config.Endpoint;
import io.meshgate.config.Listener;
import io.meshgate.config.MeshListener;
import io.meshgate.config.MeshTls;
import io.meshgate.config.Route;
import io.meshgate.config.RouteMatch;
import io.meshgate.config.VirtualHost;
import io.meshgate.resources.Resource;
import io.meshgate.sidecar.translator.access.InboundAccess;
import io.meshgate.sidecar.translator.ratelimit.InboundRateLimits;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The inbound listener ({@value #NAME}, FSM's 15003): one destination rule per port the workload
 * serves (the target ports of the Services selecting its Pod), any address, each to a cluster
 * {@code inbound|<port>} at {@code 127.0.0.1:<port>} in plaintext: the application is reached over
 * loopback, inside its own network namespace. TLS from peers ends here with the workload's
 * certificate; who may use each port is {@link InboundAccess}'s decision. A connection to a port no
 * Service exposes is closed.
 *
 * <p>A named {@code targetPort} is resolved through the Pod's {@code spec.containers[].ports}, else
 * through the Service's Endpoints for this Pod; a name neither resolves is left out.
 */
public final class InboundPorts implements SidecarFeature {
    public static final String NAME = "inbound";
    public static final int PORT = 15003;
    private static final String LOOPBACK = "127.0.0.1";

    @Override
    public Listener listener(SidecarContext context, Map<String, Cluster> clusters) {
        List<DestinationRule> rules = new ArrayList<>();
        for (InboundPort port : ports(context.mesh(), context.pod())) {
            String name = clusterName(port.port());
            clusters.put(name, Cluster.of(name, List.of(Endpoint.of(LOOPBACK, port.port())))
                    .withProtocol(port.protocol().upstream()));
            AppProtocol protocol = port.protocol().rule();
            Access access = InboundAccess.of(context, port);
            if (protocol == AppProtocol.HTTP) {
                VirtualHost any = new VirtualHost(name, List.of("*"), List.of(Route.to(name, RouteMatch.ANY, name)));
                rules.add(InboundRateLimits.apply(context, port,
                        new DestinationRule(name, List.of(), port.port(), protocol, List.of(any), null, access)));
            } else {
                rules.add(InboundRateLimits.apply(context, port,
                        new DestinationRule(name, List.of(), port.port(), protocol, List.of(), name, access)));
            }
        }
        WorkloadCertificate own = context.certificate();
        MeshTls tls = new MeshTls(own.certificateChainPem(), own.privateKey(), own.caPem());
        return new MeshListener(NAME, "0.0.0.0", PORT, MeshListener.Direction.INBOUND, rules,
                MeshListener.UnmatchedDestination.REFUSE, tls, null);
    }

    /** {@code inbound|<port>}. */
    public static String clusterName(int port) {
        return "inbound|" + port;
    }

    /** The ports {@code pod} serves, by port number. */
    public static List<InboundPort> ports(MeshModel mesh, Resource pod) {
        Map<Integer, AppProtocols> protocols = new TreeMap<>();
        Map<Integer, List<Resource>> services = new TreeMap<>();
        for (Resource service : mesh.servicesSelecting(pod)) {
            for (ServicePort port : ServicePort.of(service)) {
                int target = target(mesh, service, port, pod);
                if (target < 1 || target > 65535) {
                    continue;
                }
                protocols.putIfAbsent(target, port.protocol());
                List<Resource> exposing = services.computeIfAbsent(target, p -> new ArrayList<>());
                if (!exposing.contains(service)) {
                    exposing.add(service);
                }
            }
        }
        List<InboundPort> out = new ArrayList<>();
        protocols.forEach((port, protocol) -> out.add(new InboundPort(port, protocol, services.get(port))));
        return out;
    }

    private static int target(MeshModel mesh, Resource service, ServicePort port, Resource pod) {
        int number = port.targetPortNumber();
        if (number > 0) {
            return number;
        }
        String name = port.targetPortName();
        Map<String, Integer> named = new LinkedHashMap<>();
        for (JsonNode container : pod.spec().path("containers")) {
            for (JsonNode p : container.path("ports")) {
                if (p.path("name").isTextual()) {
                    named.putIfAbsent(p.path("name").asText(), p.path("containerPort").asInt(-1));
                }
            }
        }
        if (named.containsKey(name)) {
            return named.get(name);
        }
        return mesh.endpoints(service, port).stream()
                .filter(a -> a.pod() != null && a.pod().name().equals(pod.name()))
                .mapToInt(EndpointAddress::port).findFirst().orElse(-1);
    }
}
