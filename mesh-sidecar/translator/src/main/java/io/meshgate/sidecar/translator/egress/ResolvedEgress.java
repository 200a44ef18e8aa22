package io.meshgate.sidecar.translator.egress;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgate.config.RouteMatch;
import io.meshgate.resources.Resource;
import io.meshgate.sidecar.translator.MeshModel;
import io.meshgate.sidecar.translator.access.HttpRouteGroupMatches;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An Egress policy with its references looked up, once per translation and the same for every
 * workload: the client certificate of each {@code mtls} source, the HTTPRouteGroup matches, the
 * ports whose protocol the translator knows, and what it leaves out and why.
 *
 * <ul>
 *   <li>A source whose certificate is unusable is left out (the policy still opens the way for its
 *       other sources): a source that asked for mTLS never goes out without it.</li>
 *   <li>A missing HTTPRouteGroup leaves the whole policy out on its {@code http} ports, as a
 *       TrafficTarget's missing route grants nothing: a narrowing that cannot be read never widens.</li>
 *   <li>{@code UpstreamTrafficSetting} matches are not applied by sidecars yet (noted).</li>
 * </ul>
 *
 * @param certificates   per {@code mtls} source index
 * @param routeMatches   the HTTPRouteGroup matches in order; empty = any request
 * @param routesResolved false when a referenced HTTPRouteGroup does not exist
 * @param ports          the ports of a known protocol
 * @param problems       what stops a part of the policy, field first (the {@code ResolvedRefs} message)
 * @param problemReason  the first problem's reason, null when there is none
 * @param notes          what is accepted but not applied
 */
public record ResolvedEgress(EgressPolicy policy, Map<Integer, ClientCertificate.Result> certificates,
                             List<RouteMatch> routeMatches, List<String> routeNames, boolean routesResolved,
                             List<KnownPort> ports, List<String> problems, String problemReason, List<String> notes) {

    /** A port whose protocol is known. */
    public record KnownPort(int number, EgressProtocol protocol) {}

    static final String SMI_SPECS = "specs.smi-spec.io/v1alpha4";
    static final String POLICY = "policy.flomesh.io/v1alpha1";

    /** Every Egress policy of the mesh, resolved, in namespace/name order. */
    public static List<ResolvedEgress> of(MeshModel mesh) {
        return mesh.inputs().egresses().stream().map(e -> resolve(mesh, EgressPolicy.read(e))).toList();
    }

    static ResolvedEgress resolve(MeshModel mesh, EgressPolicy policy) {
        List<String> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        String[] reason = {null};
        Map<Integer, ClientCertificate.Result> certificates = new LinkedHashMap<>();
        List<KnownPort> ports = new ArrayList<>();
        for (EgressPolicy.Port port : policy.ports()) {
            Optional<EgressProtocol> protocol = EgressProtocol.of(port.protocol());
            String field = "spec.ports[" + port.index() + "]";
            if (protocol.isEmpty()) {
                problem(problems, reason, "UnsupportedProtocol", field + ".protocol: \"" + port.protocol()
                        + "\" is none of http, https, tcp, tcp-server-first, grpc: port not applied");
            } else if (port.number() < 1 || port.number() > 65535) {
                problem(problems, reason, "InvalidPort", field + ".number: " + port.number()
                        + " is not 1..65535: port not applied");
            } else {
                ports.add(new KnownPort(port.number(), protocol.get()));
            }
        }
        boolean anyRouted = ports.stream().anyMatch(p -> p.protocol().routesRequests());
        boolean anyHttps = ports.stream().anyMatch(p -> p.protocol() == EgressProtocol.HTTPS);
        for (EgressPolicy.Source source : policy.sources()) {
            if (!source.hasMtls()) {
                continue;
            }
            ClientCertificate.Result result = ClientCertificate.of(mesh, source);
            certificates.put(source.index(), result);
            if (result instanceof ClientCertificate.Unusable unusable) {
                problem(problems, reason, unusable.reason(), unusable.message() + ": not applied for " + source);
            } else if (anyHttps) {
                notes.add(source.field() + ".mtls is not used on https ports: the application's own TLS passes"
                        + " through untouched");
            }
        }
        List<RouteMatch> routeMatches = new ArrayList<>();
        List<String> routeNames = new ArrayList<>();
        boolean routesResolved = true;
        for (EgressPolicy.MatchRef ref : policy.matches()) {
            String field = "spec.matches[" + ref.index() + "]";
            if (ref.apiGroup().equals(SMI_SPECS) && ref.kind().equals("HTTPRouteGroup")) {
                Optional<Resource> group = mesh.inputs().find(mesh.inputs().httpRouteGroups(), policy.namespace(),
                        ref.name());
                if (group.isEmpty()) {
                    routesResolved = false;
                    problem(problems, reason, "RouteNotFound", field + ": HTTPRouteGroup " + policy.namespace() + "/"
                            + ref.name() + " not found: the policy opens nothing on its http ports");
                    continue;
                }
                for (JsonNode match : group.get().spec().path("matches")) {
                    RouteMatch routeMatch = HttpRouteGroupMatches.of(match);
                    routeMatches.add(routeMatch);
                    routeNames.add(ref.name() + "/" + match.path("name").asText(String.valueOf(routeNames.size())));
                }
            } else if (ref.apiGroup().equals(POLICY) && ref.kind().equals("UpstreamTrafficSetting")) {
                notes.add(field + ": UpstreamTrafficSetting " + ref.name() + " is not applied by sidecars yet");
            } else {
                problem(problems, reason, "UnsupportedMatch", field + ": " + ref.apiGroup() + " " + ref.kind()
                        + " is not a supported match (HTTPRouteGroup of " + SMI_SPECS + "): ignored");
            }
        }
        if (!policy.matches().isEmpty() && !anyRouted) {
            notes.add("spec.matches narrows http ports only; this policy has none");
        }
        if (anyHttps && policy.hosts().stream().anyMatch(h -> h.startsWith("*"))) {
            notes.add("wildcard spec.hosts do not match a TLS server name on https ports (exact names only)");
        }
        if (!policy.hosts().isEmpty() && ports.stream().anyMatch(p -> p.protocol() == EgressProtocol.TCP
                || p.protocol() == EgressProtocol.TCP_SERVER_FIRST)) {
            notes.add("spec.hosts does not narrow tcp ports (only the port and spec.ipAddresses do)");
        }
        return new ResolvedEgress(policy, certificates, routeMatches, routeNames, routesResolved, ports, problems,
                reason[0], notes);
    }

    private static void problem(List<String> problems, String[] reason, String why, String message) {
        problems.add(message);
        if (reason[0] == null) {
            reason[0] = why;
        }
    }

    /** False when {@code source} asked for mTLS and its certificate is unusable: the source is left out. */
    public boolean usable(EgressPolicy.Source source) {
        return !source.hasMtls() || certificates.get(source.index()) instanceof ClientCertificate.Usable;
    }

    /** The client certificate of {@code source}, null when it has no (usable) {@code mtls}. */
    public ClientCertificate certificate(EgressPolicy.Source source) {
        return certificates.get(source.index()) instanceof ClientCertificate.Usable usable ? usable.certificate() : null;
    }
}
