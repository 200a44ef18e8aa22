package io.meshgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgate.db.ProxyStore;
import io.meshgate.db.ResourceStore;
import io.meshgate.db.StoredObject;
import io.meshgate.db.TokenBinding;
import io.meshgate.resources.Pods;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code /api/v1/workloads} in Kubernetes mode: the Pod is the cluster's real pod, which the control
 * plane never writes. A registration only checks that pod (read from the informers' cache, the mode's
 * {@link ResourceReads}) and registers or rotates the proxy {@code sidecar.<ns>.<pod>}; a removal only
 * unregisters the proxy (the cluster deletes its pods itself).
 *
 * <p>Checks: {@code adminPort} is the default (422 otherwise: standalone mode keeps another as a Pod
 * annotation, which this API does not write to the cluster's pod); the pod exists (404 {@value #POD_NOT_FOUND}); it runs as the service account the caller
 * may register (403 for a sidecar's own token, 409 {@value WorkloadService#OWNED_ELSEWHERE} for an admin
 * naming another); the address the sidecar reports is the pod's once the cluster gave it one (409
 * {@value #POD_IP_MISMATCH}). A sidecar starts right after its pod was created, and the informer may
 * not have seen the pod yet: the registration waits for it up to {@link #POD_WAIT}, polling the cache
 * before it says 404 (the sidecar stops on a 4xx, so this bounded wait, not a client retry, is what
 * covers the informer's lag; a 503 with Retry-After would have made every sidecar retry blindly).
 */
final class ClusterPodWorkloads {
    /** How long a registration waits for its pod to appear in the informer's cache. */
    static final Duration POD_WAIT = Duration.ofSeconds(5);
    static final String POD_NOT_FOUND = "pod-not-found";
    static final String POD_IP_MISMATCH = "pod-ip-mismatch";
    private static final Duration POLL = Duration.ofMillis(100);

    /** What a registration did: the proxy's token and the cluster's pod. */
    record Registered(ProxyStore.Issued proxy, JsonNode pod) {
    }

    private final ResourceReads reads;
    private final ResourceStore store;
    private final ProxyStore proxies;
    private final Duration podWait;

    ClusterPodWorkloads(ResourceReads reads, ResourceStore store, ProxyStore proxies, Duration podWait) {
        this.reads = reads;
        this.store = store;
        this.proxies = proxies;
        this.podWait = podWait;
    }

    /** @param binding the caller's workload identity, null for an admin */
    Registered register(Caller caller, TokenBinding binding, WorkloadRequest request) {
        if (request.adminPort() != SidecarAdminRelay.DEFAULT_ADMIN_PORT) {
            // standalone mode keeps it as a Pod annotation; the cluster's pod is not this API's to annotate
            throw ApiException.invalid("the workload is invalid", List.of(ApiException.Detail.of("adminPort",
                    "Invalid value: " + request.adminPort() + ": in Kubernetes mode the sidecar's admin listener must"
                            + " be on " + SidecarAdminRelay.DEFAULT_ADMIN_PORT + " (the pod is the cluster's and carries"
                            + " no " + SidecarAdminRelay.ADMIN_PORT_ANNOTATION + " annotation written by Meshgate)")));
        }
        JsonNode pod = awaitPod(request.namespace(), request.name()).orElseThrow(() -> new ApiException(404,
                POD_NOT_FOUND, "Not Found", "Pod " + request.namespace() + "/" + request.name() + " is not in the"
                + " cluster (the control plane waited " + podWait.toMillis() + " ms for it): on Kubernetes a sidecar"
                + " registers the pod it runs in, which the cluster makes; POD_NAME and POD_NAMESPACE come from the"
                + " downward API", List.of()));
        checkOwner(caller, binding, request.namespace(), request.name(), Pods.serviceAccountOf(pod),
                request.serviceAccount());
        String podIp = Pods.podIpOf(pod);
        if (podIp != null && !podIp.equals(request.podIp())) {
            throw new ApiException(409, POD_IP_MISMATCH, "Conflict", "Pod " + request.namespace() + "/"
                    + request.name() + " has IP " + podIp + " in the cluster, not " + request.podIp()
                    + " (field podIP): POD_IP comes from the downward API (status.podIP)", List.of());
        }
        ProxyStore.Issued issued = store.writeAndReturn(caller.actor(),
                tx -> proxies.registerOrRotate(tx, request.proxy(), WorkloadService.PROXY_KIND));
        return new Registered(issued, pod);
    }

    /** Unregisters the workload's proxy; false when none was registered. */
    boolean remove(Caller caller, TokenBinding binding, String namespace, String name) {
        Optional<StoredObject> pod = reads.get("Pod", namespace, name);
        if (pod.isPresent() && binding != null) {
            String owner = Pods.serviceAccountOf(Jsons.readStored(pod.get().bodyJson()));
            checkOwner(caller, binding, namespace, name, owner, binding.serviceAccount());
        }
        return store.writeAndReturn(caller.actor(), tx -> proxies.delete(tx, WorkloadRequest.proxyName(namespace, name)));
    }

    private static void checkOwner(Caller caller, TokenBinding binding, String namespace, String name, String owner,
                                   String requested) {
        if (owner.equals(requested)) {
            return;
        }
        String what = "Pod " + namespace + "/" + name + " runs as service account " + owner;
        if (binding != null) {
            throw new ApiException(403, "forbidden", "Forbidden", what + "; '" + caller.actor().name()
                    + "' may register and remove workloads of service account " + binding.serviceAccount() + " only",
                    List.of());
        }
        throw new ApiException(409, WorkloadService.OWNED_ELSEWHERE, "Conflict", what + ", not " + requested
                + " (field serviceAccount)", List.of());
    }

    private Optional<JsonNode> awaitPod(String namespace, String name) {
        long deadline = System.nanoTime() + podWait.toNanos();
        while (true) {
            Optional<StoredObject> pod = reads.get("Pod", namespace, name);
            if (pod.isPresent()) {
                return Optional.of(Jsons.readStored(pod.get().bodyJson()));
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            try {
                Thread.sleep(Math.min(POLL.toMillis(), Math.max(1, left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }
}
