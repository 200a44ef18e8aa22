package io.meshgate.console.mesh;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One mesh workload: a Pod and its sidecar proxy ({@code sidecar.<namespace>.<pod>}). Either may be
 * missing: a Pod nobody registered a sidecar for, or a sidecar whose Pod was deleted behind the
 * API's back.
 *
 * @param namespace           the Pod's namespace
 * @param pod                 the Pod's name
 * @param serviceAccount      {@code spec.serviceAccountName} (the sidecar's own report when the Pod is missing), or null
 * @param identity            {@code <sa>.<ns>.cluster.local}: what the sidecar reports, else derived; null when unknown
 * @param podIp               {@code status.podIP}, or null
 * @param phase               {@code status.phase}, or null when there is no Pod
 * @param labels              the Pod's labels
 * @param services            {@code ns/name} of the Services selecting the Pod
 * @param proxy               the proxies list item of its sidecar, or null when none is registered
 * @param certificateNotAfter when the sidecar's certificate expires, or null when the API does not say
 * @param inbound             TrafficTargets admitting traffic to its service account
 * @param outbound            TrafficTargets letting its service account reach others
 * @param permissive          whether the mesh runs in permissive traffic policy mode
 */
public record MeshWorkload(String namespace, String pod, String serviceAccount, String identity, String podIp,
                           String phase, Map<String, String> labels, List<String> services, JsonNode proxy,
                           Instant certificateNotAfter, List<TrafficPolicies.PolicyLine> inbound,
                           List<TrafficPolicies.PolicyLine> outbound, boolean permissive) {

    public MeshWorkload {
        labels = Map.copyOf(labels);
        services = List.copyOf(services);
        inbound = List.copyOf(inbound);
        outbound = List.copyOf(outbound);
    }

    /** {@code namespace/pod}. */
    public String key() {
        return namespace + "/" + pod;
    }

    /** The sidecar's sync state. */
    public SyncState sync() {
        return SyncState.of(proxy);
    }

    /** The name of its sidecar proxy: {@code sidecar.<namespace>.<pod>}. */
    public String proxyName() {
        return MeshWorkloads.proxyName(namespace, pod);
    }

    /** True when a Pod object exists for it. */
    public boolean hasPod() {
        return phase != null;
    }

    /**
     * The TrafficTargets that admit traffic to it: those with at least one rule (a TrafficTarget
     * without rules grants nothing). Empty in permissive mode, where no policy is needed.
     */
    public List<TrafficPolicies.PolicyLine> admittedBy() {
        return inbound.stream().filter(l -> !l.rules().isEmpty()).toList();
    }

    /**
     * Whether other mesh workloads can reach it under the current policy mode, in words:
     * {@code permissive} or {@code SMI policies: N TrafficTargets admit it}.
     */
    public String reachability() {
        if (permissive) {
            return "permissive";
        }
        int n = admittedBy().size();
        return "SMI policies: " + (n == 0 ? "no TrafficTarget admits it"
                : n + (n == 1 ? " TrafficTarget admits it" : " TrafficTargets admit it"));
    }

    /** True when other mesh workloads can reach it at all. */
    public boolean reachable() {
        return permissive || !admittedBy().isEmpty();
    }
}
