package io.meshgate.sidecar.translator.egress;

import io.meshgate.config.Cluster;
import io.meshgate.config.DestinationRule;
import io.meshgate.config.DestinationRule.AppProtocol;
import io.meshgate.config.EgressTunnel;
import io.meshgate.config.UpstreamTls;
import io.meshgate.resources.Condition;
import io.meshgate.resources.Resource;
import io.meshgate.resources.ResourceKey;
import io.meshgate.sidecar.translator.MeshModel;
import io.meshgate.sidecar.translator.OutboundRules;
import io.meshgate.sidecar.translator.SidecarContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The outbound rules of the Egress policies (MeshConfig {@code featureFlags.enableEgressPolicy})
 * whose sources name the workload's ServiceAccount, tried after every mesh Service's rule. Each
 * policy port gets an original-destination cluster {@code egress|<ns>/<policy>|<port>}: the
 * connection goes where the application sent it, directly or through the egress gateway
 * ({@link EgressGatewayRoute}).
 *
 * <ul>
 *   <li>{@code http} / {@code grpc}: {@link HttpEgressRules}, one rule per port, routed by Host and
 *       the HTTPRouteGroup matches, 403 for the rest. A source with {@code mtls} gets TLS originated
 *       with its client certificate, verified against the Secret's {@code ca.crt}; SNI and the name
 *       verified are the policy's host when it has exactly one, else the request's host.</li>
 *   <li>{@code https}: a TCP rule {@code egress|<ns>/<policy>|<port>} selecting by the ClientHello's SNI
 *       (the policy's hosts; any when it has none) and {@code ipAddresses}; the bytes pass untouched.</li>
 *   <li>{@code tcp}, {@code tcp-server-first}: a TCP (server-first) rule by port and {@code ipAddresses};
 *       with {@code mtls} the sidecar originates TLS (SNI and verified name: the one host, if any).</li>
 *   <li>While {@code traffic.enableEgress} is on, an HTTP egress rule relays hosts no policy names to
 *       their original destination (through the gateway when there is one) instead of answering 403.</li>
 *   <li>Order among egress rules: by port, then rules with addresses, then rules with server names,
 *       then the rest; a port should carry one protocol, as in FSM.</li>
 * </ul>
 */
public final class EgressPolicyRules implements OutboundRules {

    @Override
    public List<DestinationRule> rules(SidecarContext context, Map<String, Cluster> clusters) {
        if (!context.settings().egressPolicies()) {
            return List.of();
        }
        MeshModel mesh = context.mesh();
        Optional<EgressGatewayRoute> gateway = EgressGatewayRoute.of(mesh).filter(EgressGatewayRoute::inEffect);
        EgressTunnel tunnel = gateway.map(g -> g.tunnel(context.settings())).orElse(null);
        HttpEgressRules http = new HttpEgressRules();
        List<DestinationRule> rules = new ArrayList<>();
        for (ResolvedEgress egress : ResolvedEgress.of(mesh)) {
            EgressPolicy policy = egress.policy();
            EgressPolicy.Source source = policy.sourceFor(context.workload().namespace(), context.serviceAccount());
            if (source == null || !egress.usable(source)) {
                continue;
            }
            ClientCertificate certificate = egress.certificate(source);
            String oneHost = policy.hosts().size() == 1 && !policy.hosts().getFirst().startsWith("*")
                    ? policy.hosts().getFirst() : null;
            for (ResolvedEgress.KnownPort port : egress.ports()) {
                String name = policy.clusterName(port.number());
                switch (port.protocol()) {
                    case HTTP, GRPC -> {
                        if (!egress.routesResolved()) {
                            continue;
                        }
                        UpstreamTls tls = certificate == null ? null : certificate.upstreamTls(oneHost, true);
                        Cluster cluster = Cluster.originalDestination(name, tls, tunnel);
                        clusters.put(name, port.protocol() == EgressProtocol.GRPC
                                ? cluster.withProtocol(Cluster.UpstreamProtocol.HTTP2) : cluster);
                        http.add(port.number(), egress, name);
                    }
                    case HTTPS -> {
                        clusters.put(name, Cluster.originalDestination(name, null, tunnel));
                        rules.add(new DestinationRule(name, policy.ipAddresses(), port.number(), AppProtocol.TCP,
                                List.of(), name, null, policy.hosts()));
                    }
                    case TCP, TCP_SERVER_FIRST -> {
                        UpstreamTls tls = certificate == null ? null : certificate.upstreamTls(oneHost, oneHost != null);
                        clusters.put(name, Cluster.originalDestination(name, tls, tunnel));
                        rules.add(new DestinationRule(name, policy.ipAddresses(), port.number(),
                                port.protocol() == EgressProtocol.TCP ? AppProtocol.TCP : AppProtocol.TCP_SERVER_FIRST,
                                List.of(), name, null));
                    }
                }
            }
        }
        boolean passthrough = context.settings().egress();
        if (passthrough && !http.isEmpty()) {
            clusters.put(HttpEgressRules.PASSTHROUGH_CLUSTER,
                    Cluster.originalDestination(HttpEgressRules.PASSTHROUGH_CLUSTER, null, tunnel));
        }
        rules.addAll(http.rules(passthrough));
        rules.sort(Comparator.comparingInt(DestinationRule::port)
                .thenComparing(r -> r.addresses().isEmpty())
                .thenComparing(r -> !r.hasServerNames())
                .thenComparing(DestinationRule::name));
        if (tunnel != null && !rules.isEmpty()) {
            clusters.put(EgressGatewayRoute.CLUSTER, gateway.get().cluster(context.certificate()));
        }
        return rules;
    }

    /**
     * The hosts the Egress policies naming the workload open (whether or not their references
     * resolve), lower case: a Service outside the mesh named by one of them is left to the policy
     * ({@link io.meshgate.sidecar.translator.MeshServiceRules}). Empty while Egress policies are off.
     */
    public static Set<String> hostsOpenedTo(SidecarContext context) {
        if (!context.settings().egressPolicies()) {
            return Set.of();
        }
        Set<String> hosts = new TreeSet<>();
        for (Resource resource : context.mesh().inputs().egresses()) {
            EgressPolicy policy = EgressPolicy.read(resource);
            if (policy.sourceFor(context.workload().namespace(), context.serviceAccount()) != null) {
                hosts.addAll(policy.hosts());
            }
        }
        return hosts;
    }

    @Override
    public void report(MeshModel mesh, Map<ResourceKey, List<Condition>> statuses) {
        EgressConditions.report(mesh, statuses);
    }
}
