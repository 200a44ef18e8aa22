package io.meshgate.sidecar.translator.access;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgate.config.AccessGrant;
import io.meshgate.resources.Resource;
import io.meshgate.sidecar.translator.InboundPort;
import io.meshgate.sidecar.translator.MeshModel;
import io.meshgate.sidecar.translator.MeshSettings;
import io.meshgate.sidecar.translator.SidecarContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code policy.flomesh.io} kinds that admit clients from outside the mesh (IngressBackend,
 * AccessControl; one shape): a policy in the workload's namespace whose backend names a Service
 * exposing the port and the port's number (the target port, as FSM's demos write it) gives one grant:
 *
 * <ul>
 *   <li>{@code Service} source: the addresses of its ready Endpoints, each as a {@code /32}
 *       ({@code /128}) source range (FSM's reading: the clients are its endpoints, mesh or not), and
 *       the principals of its mesh Pods;</li>
 *   <li>{@code IPRange}: the CIDR as a source range;</li>
 *   <li>{@code AuthenticatedPrincipal}: the principal, or {@code *} (any verified mesh certificate)
 *       when the backend sets {@code tls.skipClientCertValidation}, as FSM wildcards it.</li>
 * </ul>
 * Without mTLS on the backend a peer is admitted by its address or by a verified principal. With it
 * (FSM's backend {@code port.protocol: https}, or a {@code tls} section) the grant requires a
 * certificate, as FSM does: the peer must present a certificate of the mesh CA naming one of the
 * {@code AuthenticatedPrincipal}s ({@code *}, any such certificate, with
 * {@code skipClientCertValidation}), and the Service and IPRange sources, when the policy names any,
 * only narrow where it may connect from; plaintext from those addresses is refused. Such a policy
 * without any principal grants nothing (OSM's reading), and neither does one whose addresses
 * resolve to none yet (a Service without endpoints) rather than any certificate from anywhere.
 * A policy whose sources resolve to nothing grants nothing. {@code spec.matches} is not read (FSM
 * declares it without implementing it).
 */
abstract class PolicySourceGrants implements AccessFeature {

    /** The kind, for grant names. */
    abstract String kind();

    /** The policies of this kind. */
    abstract List<Resource> policies(MeshModel mesh);

    /** Whether MeshConfig's feature flag turns this kind on. */
    abstract boolean enabled(MeshSettings settings);

    @Override
    public List<AccessGrant> grants(SidecarContext context, InboundPort port) {
        List<AccessGrant> out = new ArrayList<>();
        if (!enabled(context.settings())) {
            return out;
        }
        MeshModel mesh = context.mesh();
        String namespace = context.workload().namespace();
        for (Resource policy : policies(mesh)) {
            if (!namespace.equals(policy.namespace())) {
                continue;
            }
            JsonNode backend = backendFor(policy, port);
            if (backend == null) {
                continue;
            }
            boolean mtls = https(backend) || backend.path("tls").isObject();
            boolean anyCertificate = backend.path("tls").path("skipClientCertValidation").asBoolean(false);
            Set<String> principals = new TreeSet<>();
            Set<String> ranges = new TreeSet<>();
            boolean namesAddresses = false;
            for (JsonNode source : policy.spec().path("sources")) {
                String name = source.path("name").asText();
                String kind = source.path("kind").asText();
                namesAddresses |= kind.equals("Service") || kind.equals("IPRange");
                switch (kind) {
                    case "Service" -> mesh.service(source.path("namespace").asText(namespace), name).ifPresent(svc -> {
                        mesh.addresses(svc).forEach(ip -> ranges.add(ip + (ip.contains(":") ? "/128" : "/32")));
                        if (!mtls) {
                            principals.addAll(mesh.principals(svc));
                        }
                    });
                    case "IPRange" -> ranges.add(name);
                    case "AuthenticatedPrincipal" -> principals.add(anyCertificate ? AccessGrant.ANY_PRINCIPAL : name);
                    default -> { }
                }
            }
            String grantName = kind() + "/" + namespace + "/" + policy.name();
            if (mtls) {
                if (anyCertificate) {
                    principals.clear();
                    principals.add(AccessGrant.ANY_PRINCIPAL);
                }
                if (principals.isEmpty() || (namesAddresses && ranges.isEmpty())) {
                    continue; // names no certificate, or its addresses resolve to none yet
                }
                out.add(AccessGrant.certificateFrom(grantName, principals, List.copyOf(ranges), List.of()));
            } else if (!principals.isEmpty() || !ranges.isEmpty()) {
                out.add(new AccessGrant(grantName, principals, List.copyOf(ranges), List.of()));
            }
        }
        return out;
    }

    /** True when the backend's clients speak TLS with a client certificate ({@code port.protocol: https}). */
    private static boolean https(JsonNode backend) {
        return "https".equalsIgnoreCase(backend.path("port").path("protocol").asText(""));
    }

    /** The policy's backend for {@code port}, or null. */
    private static JsonNode backendFor(Resource policy, InboundPort port) {
        for (JsonNode backend : policy.spec().path("backends")) {
            if (port.exposedBy(backend.path("name").asText())
                    && backend.path("port").path("number").asInt(-1) == port.port()) {
                return backend;
            }
        }
        return null;
    }
}
