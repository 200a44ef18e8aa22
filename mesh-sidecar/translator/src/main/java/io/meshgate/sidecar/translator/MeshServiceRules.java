package io.meshgate.sidecar.translator;

import io.meshgate.config.Access;
import io.meshgate.config.Cluster;
import io.meshgate.config.DestinationRule;
import io.meshgate.config.DestinationRule.AppProtocol;
import io.meshgate.config.Endpoint;
import io.meshgate.config.UpstreamTls;
import io.meshgate.config.VirtualHost;
import io.meshgate.resources.Condition;
import io.meshgate.resources.Resource;
import io.meshgate.resources.ResourceKey;
import io.meshgate.sidecar.translator.access.TrafficTargetPolicy;
import io.meshgate.sidecar.translator.egress.EgressPolicyRules;
import io.meshgate.sidecar.translator.retry.RetryPolicies;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The outbound rules of the mesh's Services: one destination rule per port of each Service the
 * workload may reach, matched by the Service's cluster IPs and port, and one cluster
 * {@code <ns>/<svc>|<port>} per rule holding the Service's Endpoints at the target port.
 *
 * <ul>
 *   <li>May reach: every Service in permissive mode; otherwise a Service whose mesh Pods run as a
 *       ServiceAccount that a TrafficTarget lets this workload's ServiceAccount reach (as FSM/OSM program
 *       only allowed upstreams). A mesh Service it may not reach gets a rule that refuses the
 *       connection (an empty reply, as FSM's clients see); a Service without mesh Pods is then
 *       reached as egress, if at all.</li>
 *   <li>mTLS only to Pods: when every address of a cluster is a mesh Pod, the sidecar presents its
 *       own certificate and verifies the peer's against the mesh CA; the peer's name too
 *       ({@code <sa>.<ns>.cluster.local}) when all those Pods share one ServiceAccount, the chain
 *       only when they do not. Any other address (hand-written Endpoints) gets plaintext.</li>
 *   <li>A Service without mesh Pods whose name ({@code svc.ns}, {@code svc.ns.svc},
 *       {@code svc.ns.svc.cluster.local}, {@code svc} in the workload's namespace) an Egress policy
 *       naming the workload lists as a host gets no rule here: the policy serves it (seed 6.2's
 *       server, outside the mesh, reached with the policy's client certificate). FSM reaches such a
 *       Service as egress because its namespace is not in the mesh.</li>
 *   <li>Where a rule sends its traffic is the Service's own cluster unless a feature of
 *       {@link SidecarFeatures#SERVICE_ROUTING} says otherwise (a TrafficSplit whose root it is).</li>
 * </ul>
 */
public final class MeshServiceRules implements OutboundRules {
    /** What refused rules name as their cluster: no endpoints, never connected to (names of real clusters contain "/"). */
    static final String DENIED_CLUSTER = "denied";

    @Override
    public List<DestinationRule> rules(SidecarContext context, Map<String, Cluster> clusters) {
        List<DestinationRule> rules = new ArrayList<>();
        MeshModel mesh = context.mesh();
        // read once: every Service is checked against them
        List<TrafficTargetPolicy> targets = context.settings().permissive() ? List.of() : TrafficTargetPolicy.of(mesh);
        Set<String> egressHosts = EgressPolicyRules.hostsOpenedTo(context);
        List<ServiceRouting.Router> routers = SidecarFeatures.SERVICE_ROUTING.stream()
                .map(feature -> feature.forWorkload(context)).toList();
        for (Resource service : mesh.inputs().services()) {
            List<String> ips = mesh.clusterIps(service);
            if (ips.isEmpty()) {
                continue;
            }
            boolean meshService = !mesh.principals(service).isEmpty();
            if (!meshService && namedByEgress(context, service, egressHosts)) {
                continue; // outside the mesh and an Egress policy's host: the policy serves it
            }
            boolean reachable = reachable(context, targets, service);
            if (!reachable && !meshService) {
                continue; // not a mesh Service: egress decides (see the class comment)
            }
            for (ServicePort port : ServicePort.of(service)) {
                String name = clusterName(service, port);
                if (!reachable) {
                    clusters.putIfAbsent(DENIED_CLUSTER, Cluster.of(DENIED_CLUSTER, List.of()));
                    rules.add(denied(name, ips, port));
                    continue;
                }
                clusters.put(name, serviceCluster(context, service, port));
                // retry policies: a hook of their own (retry.RetryPolicies) on every route the routing built
                rules.add(RetryPolicies.onRoutes(context, service,
                        rule(name, ips, port, routing(routers, service, port, name, clusters))));
            }
        }
        return rules;
    }

    /**
     * The cluster {@code <ns>/<svc>|<port>} of one Service port: its ready Endpoints at that port, mTLS when
     * they are all mesh Pods. A TrafficSplit's backends get the same cluster as their own rule does.
     */
    public static Cluster serviceCluster(SidecarContext context, Resource service, ServicePort port) {
        List<EndpointAddress> addresses = context.mesh().endpoints(service, port);
        Cluster cluster = Cluster.of(clusterName(service, port), addresses.stream().map(a -> Endpoint.of(a.ip(), a.port())).toList())
                .withProtocol(port.protocol().upstream())
                .withTls(meshTls(context, addresses));
        // UpstreamTrafficSetting connectionSettings: a hook of their own (traffic.UpstreamTrafficSettings)
        return io.meshgate.sidecar.translator.traffic.UpstreamTrafficSettings.onCluster(context.mesh(), service, cluster);
    }

    /** The first {@link SidecarFeatures#SERVICE_ROUTING} feature's answer, else the Service's own cluster. */
    private static PortRouting routing(List<ServiceRouting.Router> routers, Resource service, ServicePort port,
                                       String serviceCluster, Map<String, Cluster> clusters) {
        for (ServiceRouting.Router router : routers) {
            var routing = router.route(service, port, serviceCluster, clusters);
            if (routing.isPresent()) {
                return routing.get();
            }
        }
        return PortRouting.direct(serviceCluster, port);
    }

    /** The conditions of the {@link SidecarFeatures#SERVICE_ROUTING} features' policies. */
    @Override
    public void report(MeshModel mesh, Map<ResourceKey, List<Condition>> statuses) {
        SidecarFeatures.SERVICE_ROUTING.forEach(feature -> feature.report(mesh, statuses));
    }

    private static boolean namedByEgress(SidecarContext context, Resource service, Set<String> egressHosts) {
        if (egressHosts.isEmpty()) {
            return false;
        }
        String qualified = service.name() + "." + service.namespace();
        return egressHosts.contains(qualified) || egressHosts.contains(qualified + ".svc")
                || egressHosts.contains(qualified + ".svc." + MeshIdentities.TRUST_DOMAIN)
                || (service.namespace().equals(context.workload().namespace()) && egressHosts.contains(service.name()));
    }

    /** {@code <ns>/<svc>|<port>}, FSM's cluster name (its stats lines carry it). */
    public static String clusterName(Resource service, ServicePort port) {
        return service.namespace() + "/" + service.name() + "|" + port.port();
    }

    /**
     * A mesh Service no TrafficTarget lets this workload reach: refused here, before any byte leaves
     * the pod (FSM lets the connection out and the server's sidecar refuses it; either way the client
     * sees an empty reply). Without this rule the connection would fall to egress and be relayed to a
     * cluster IP that nothing serves outside the sidecars. A {@code tcp-server-first} port keeps its protocol,
     * so the refusal comes at once: its client waits for a greeting and sends nothing to be refused after.
     */
    private static DestinationRule denied(String name, List<String> ips, ServicePort port) {
        AppProtocol protocol = port.protocol().rule() == AppProtocol.TCP_SERVER_FIRST
                ? AppProtocol.TCP_SERVER_FIRST : AppProtocol.TCP;
        return new DestinationRule(name, ips, port.port(), protocol, List.of(), DENIED_CLUSTER, Access.NOBODY);
    }

    private static DestinationRule rule(String name, List<String> ips, ServicePort port, PortRouting routing) {
        AppProtocol protocol = port.protocol().rule();
        if (routing.http() != (protocol == AppProtocol.HTTP)) {
            throw new IllegalStateException("rule " + name + ": a " + (routing.http() ? "HTTP" : "TCP")
                    + " routing for a " + protocol + " port");
        }
        if (protocol == AppProtocol.HTTP) {
            VirtualHost any = new VirtualHost(name, List.of("*"), routing.routes());
            return new DestinationRule(name, ips, port.port(), protocol, List.of(any), null, null);
        }
        return new DestinationRule(name, ips, port.port(), protocol, List.of(), routing.tcpCluster(), null);
    }

    private static boolean reachable(SidecarContext context, List<TrafficTargetPolicy> targets, Resource service) {
        if (context.settings().permissive()) {
            return true;
        }
        Set<String> destinations = context.mesh().principals(service);
        for (TrafficTargetPolicy target : targets) {
            if (destinations.contains(target.destinationPrincipal())
                    && target.admits(context.workload().namespace(), context.serviceAccount())) {
                return true;
            }
        }
        return false;
    }

    /** mTLS when every address is a mesh Pod (see the class comment); null for plaintext. */
    public static UpstreamTls meshTls(SidecarContext context, List<EndpointAddress> addresses) {
        if (addresses.isEmpty() || !addresses.stream().allMatch(EndpointAddress::meshPod)) {
            return null;
        }
        Set<String> identities = new TreeSet<>();
        addresses.forEach(a -> identities.add(
                MeshIdentities.principal(a.pod().namespace(), MeshIdentities.serviceAccountOf(a.pod()))));
        boolean oneIdentity = identities.size() == 1;
        WorkloadCertificate own = context.certificate();
        return new UpstreamTls(oneIdentity ? identities.iterator().next() : null, true, oneIdentity, own.caPem(),
                own.certificateChainPem(), own.privateKey());
    }
}
