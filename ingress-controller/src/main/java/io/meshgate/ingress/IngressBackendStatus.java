package io.meshgate.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgate.resources.Condition;
import io.meshgate.resources.Resource;
import io.meshgate.resources.ResourceKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The status of a {@code policy.flomesh.io} IngressBackend: FSM's {@code currentStatus} /
 * {@code reason} pair plus conditions. A pure function of the IngressBackends, Services and Endpoints.
 *
 * <p>As in FSM, {@code currentStatus} is {@code committed} ("successfully committed by the system"),
 * or {@code error} when a {@code Service} source has no endpoints ("endpoints not found for service
 * ns/name"); Meshgate also reports {@code error} when a backend's Service does not exist, which FSM
 * silently ignores. The source {@value #GATEWAY_NAMESPACE}/{@value #GATEWAY_SERVICE} (FSM's ingress
 * Service, which the manifests of FSM's ingress demos name) is Meshgate's own ingress gateway and always resolves.
 *
 * <p>Conditions: {@code ResolvedRefs} (backends' Services exist, Service sources have endpoints) and
 * {@code Enforced}: {@code False} with reason {@code NoSidecarsYet} here, since only the backends'
 * sidecars enforce the policy and this function does not know them; the control plane, which does,
 * replaces it ({@link #withEnforced}).
 *
 * @param currentStatus {@code committed} or {@code error}
 * @param reason        FSM's explanation
 * @param conditions    ResolvedRefs, then Enforced
 */
public record IngressBackendStatus(String currentStatus, String reason, List<Condition> conditions) {
    public static final String COMMITTED = "committed";
    public static final String ERROR = "error";
    public static final String ENFORCED = "Enforced";
    /** The FSM ingress Service that the IngressBackends of FSM's ingress demos name as their source. */
    public static final String GATEWAY_NAMESPACE = "fsm-system";
    public static final String GATEWAY_SERVICE = "fsm-ingress";

    public IngressBackendStatus {
        Objects.requireNonNull(currentStatus, "currentStatus");
        Objects.requireNonNull(reason, "reason");
        conditions = List.copyOf(conditions);
    }

    /** This status with {@code enforced} as its {@value #ENFORCED} condition. */
    public IngressBackendStatus withEnforced(Condition enforced) {
        if (!enforced.type().equals(ENFORCED)) {
            throw new IllegalArgumentException("not an " + ENFORCED + " condition: " + enforced.type());
        }
        List<Condition> next = new ArrayList<>(conditions.stream().filter(c -> !c.type().equals(ENFORCED)).toList());
        next.add(enforced);
        return new IngressBackendStatus(currentStatus, reason, next);
    }

    /** The status of each of {@code ingressBackends}, by key. */
    public static Map<ResourceKey, IngressBackendStatus> evaluate(List<Resource> ingressBackends,
                                                                  List<Resource> services, List<Resource> endpoints) {
        Map<ResourceKey, IngressBackendStatus> out = new LinkedHashMap<>();
        for (Resource policy : ingressBackends) {
            out.put(policy.key(), of(policy, services, endpoints));
        }
        return out;
    }

    static IngressBackendStatus of(Resource policy, List<Resource> services, List<Resource> endpoints) {
        String ns = policy.namespace();
        List<String> missingBackends = new ArrayList<>();
        for (JsonNode backend : policy.spec().path("backends")) {
            String name = backend.path("name").asText();
            if (find(services, ns, name) == null && !missingBackends.contains(ns + "/" + name)) {
                missingBackends.add(ns + "/" + name);
            }
        }
        List<String> sourcesWithoutEndpoints = new ArrayList<>();
        for (JsonNode source : policy.spec().path("sources")) {
            if (!source.path("kind").asText().equals("Service")) {
                continue;
            }
            String sourceNs = source.path("namespace").asText(ns);
            String name = source.path("name").asText();
            boolean gateway = sourceNs.equals(GATEWAY_NAMESPACE) && name.equals(GATEWAY_SERVICE);
            if (!gateway && !hasAddresses(find(endpoints, sourceNs, name))) {
                sourcesWithoutEndpoints.add(sourceNs + "/" + name);
            }
        }
        List<String> problems = new ArrayList<>();
        missingBackends.forEach(s -> problems.add("backend service " + s + " not found"));
        sourcesWithoutEndpoints.forEach(s -> problems.add("endpoints not found for service " + s));
        Condition resolved;
        if (problems.isEmpty()) {
            resolved = Condition.isTrue(Condition.RESOLVED_REFS, "ResolvedRefs",
                    "backend Services exist and Service sources have endpoints");
        } else {
            resolved = Condition.isFalse(Condition.RESOLVED_REFS,
                    missingBackends.isEmpty() ? "SourceEndpointsNotFound" : "BackendNotFound", String.join("; ", problems));
        }
        Condition enforced = Condition.isFalse(ENFORCED, "NoSidecarsYet",
                "validated and stored, but not enforced: no mesh sidecars run in front of its backends,"
                        + " so they accept ingress traffic from any source");
        return problems.isEmpty()
                ? new IngressBackendStatus(COMMITTED, "successfully committed by the system", List.of(resolved, enforced))
                : new IngressBackendStatus(ERROR, String.join("; ", problems), List.of(resolved, enforced));
    }

    private static Resource find(List<Resource> resources, String namespace, String name) {
        for (Resource r : resources) {
            if (name.equals(r.name()) && namespace.equals(r.namespace())) {
                return r;
            }
        }
        return null;
    }

    private static boolean hasAddresses(Resource endpoints) {
        if (endpoints == null) {
            return false;
        }
        for (JsonNode subset : endpoints.field("subsets")) {
            if (!subset.path("addresses").isEmpty()) {
                return true;
            }
        }
        return false;
    }
}
