package io.meshgate.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshgate.db.AuditVerb;
import io.meshgate.db.ProxyStore;
import io.meshgate.db.ResourceStore;
import io.meshgate.db.Role;
import io.meshgate.db.StoredObject;
import io.meshgate.db.TokenBinding;
import io.meshgate.reconcile.Reconciler;
import io.meshgate.resources.FieldError;
import io.meshgate.resources.Pods;
import io.meshgate.resources.ResourceCodec;

import java.util.List;

/**
 * {@code /api/v1/workloads}: how a workload outside Kubernetes joins the mesh. {@code POST} upserts
 * its {@code v1 Pod} (labels, {@code spec.serviceAccountName}, {@code status.podIP}, phase Running)
 * and registers its proxy {@code sidecar.<namespace>.<pod>} (kind {@value #PROXY_KIND}), or gives
 * the registered one a new token; {@code DELETE /{namespace}/{name}} removes both. Pod and proxy
 * change in one transaction, audited with the calling token as actor.
 *
 * <p>Callers: admin tokens, and sidecar tokens for their own namespace and service account only
 * (403 otherwise; every other path refuses them in {@link AuthenticationFilter}). A Pod of that name
 * that belongs to another service account is never taken over: 409 {@value #OWNED_ELSEWHERE}.
 *
 * <p>In Kubernetes mode the Pod is the cluster's and is never written: {@link ClusterPodWorkloads} checks it
 * and registers the proxy only (callers there are usually sidecars with their pod's service-account
 * token, {@link ServiceAccountAuth}).
 */
final class WorkloadService implements EndpointsService {
    /** The proxy kind of a workload's sidecar. */
    static final String PROXY_KIND = "sidecar";
    /** Problem type of a registration whose Pod name another service account holds. */
    static final String OWNED_ELSEWHERE = "pod-owned-by-another-service-account";

    private final ResourceStore store;
    private final ProxyStore proxies;
    private final ResourceWrites writes;
    private final ResourceCodec codec;
    private final Reconciler reconciler;
    private final Endpoints endpoints;
    /** Kubernetes mode: the cluster's pods; null in standalone mode (the Pod is written to the store). */
    private final ClusterPodWorkloads clusterPods;

    WorkloadService(ResourceStore store, ProxyStore proxies, ResourceWrites writes, ResourceCodec codec,
                    Reconciler reconciler) {
        this(store, proxies, writes, codec, reconciler, null);
    }

    WorkloadService(ResourceStore store, ProxyStore proxies, ResourceWrites writes, ResourceCodec codec,
                    Reconciler reconciler, ClusterPodWorkloads clusterPods) {
        this.clusterPods = clusterPods;
        this.store = store;
        this.proxies = proxies;
        this.writes = writes;
        this.codec = codec;
        this.reconciler = reconciler;
        this.endpoints = Endpoints.builder()
                .path("/").post(this::register)
                .path("/{namespace}/{name}").delete(this::remove)
                .otherPaths(Endpoints.NO_SUCH_PATH)
                .build();
    }

    @Override
    public String mountPath() {
        return "/api/v1/workloads";
    }

    @Override
    public Endpoints endpoints() {
        return endpoints;
    }

    /** True for the paths of this service, the only ones a sidecar token may call. */
    static boolean serves(List<String> segments) {
        return segments.size() >= 3 && segments.get(0).equals("api") && segments.get(1).equals("v1")
                && segments.get(2).equals("workloads");
    }

    /** What a registration did. */
    private record Registered(WriteOutcome pod, ProxyStore.Issued proxy) {
    }

    private void register(Exchange ex) {
        TokenBinding binding = requireAllowed(ex.caller);
        WorkloadRequest request = WorkloadRequest.parse(Jsons.read(ex.body()),
                binding != null ? binding.serviceAccount() : Pods.DEFAULT_SERVICE_ACCOUNT);
        ex.req.context().register(new RefusalTarget("Pod", request.namespace(), request.name()));
        if (binding != null) {
            requireOwnNamespace(ex.caller, binding, request.namespace());
            if (!binding.serviceAccount().equals(request.serviceAccount())) {
                throw forbidden("token '" + ex.caller.actor().name() + "' may register workloads of service account "
                        + binding.serviceAccount() + " only, not " + request.serviceAccount());
            }
        }
        if (clusterPods != null) {
            ClusterPodWorkloads.Registered done = clusterPods.register(ex.caller, binding, request);
            reconciler.markDirty();
            ObjectNode out = Jsons.MAPPER.createObjectNode();
            out.put("proxy", request.proxy());
            out.put("token", done.proxy().token());
            out.set("pod", done.pod());
            ex.sendJson(done.proxy().created() ? 201 : 200, out);
            return;
        }
        Registered done = store.writeAndReturn(ex.caller.actor(), tx -> {
            StoredObject before = tx.get("Pod", request.namespace(), request.name()).orElse(null);
            if (before != null) {
                String owner = Pods.serviceAccountOf(Jsons.readStored(before.bodyJson()));
                if (!owner.equals(request.serviceAccount())) {
                    throw new ApiException(409, OWNED_ELSEWHERE, "Conflict", "Pod " + request.namespace() + "/"
                            + request.name() + " belongs to service account " + owner + ", not "
                            + request.serviceAccount() + ": remove that workload first", List.of());
                }
            }
            ResourceWrites.Candidate pod = prepare(pod(request, before));
            WriteOutcome outcome = writes.putWithStatus(tx, pod, AuditVerb.UPDATE, "workload registration");
            return new Registered(outcome, proxies.registerOrRotate(tx, request.proxy(), PROXY_KIND));
        });
        // a rotated token alone commits no revision, and a new proxy needs its first config
        reconciler.markDirty();
        ObjectNode out = Jsons.MAPPER.createObjectNode();
        out.put("proxy", request.proxy());
        out.put("token", done.proxy().token());
        out.set("pod", Jsons.readStored(done.pod().after().bodyJson()));
        ex.sendJson(done.pod().result() == WriteOutcome.Result.CREATED ? 201 : 200, out);
    }

    private void remove(Exchange ex) {
        TokenBinding binding = requireAllowed(ex.caller);
        String namespace = ex.pathParam("namespace").orElseThrow();
        String name = ex.pathParam("name").orElseThrow();
        ex.req.context().register(new RefusalTarget("Pod", namespace, name));
        if (binding != null) {
            requireOwnNamespace(ex.caller, binding, namespace);
        }
        String proxy = WorkloadRequest.proxyName(namespace, name);
        if (clusterPods != null) {
            if (!clusterPods.remove(ex.caller, binding, namespace, name)) {
                throw ApiException.notFound("workload " + namespace + "/" + name + " not found (no proxy " + proxy + ")");
            }
            reconciler.markDirty();
            ex.sendNoContent();
            return;
        }
        boolean removed = store.writeAndReturn(ex.caller.actor(), tx -> {
            StoredObject pod = tx.get("Pod", namespace, name).orElse(null);
            if (pod != null && binding != null) {
                String owner = Pods.serviceAccountOf(Jsons.readStored(pod.bodyJson()));
                if (!owner.equals(binding.serviceAccount())) {
                    throw forbidden("Pod " + namespace + "/" + name + " belongs to service account " + owner
                            + "; token '" + ex.caller.actor().name() + "' may remove workloads of service account "
                            + binding.serviceAccount() + " only");
                }
            }
            if (pod != null) {
                writes.delete(tx, "Pod", namespace, name, null, AuditVerb.DELETE, "workload removal");
            }
            return proxies.delete(tx, proxy) || pod != null;
        });
        if (!removed) {
            throw ApiException.notFound("workload " + namespace + "/" + name + " not found (no Pod and no proxy "
                    + proxy + ")");
        }
        reconciler.markDirty();
        ex.sendNoContent();
    }

    /** The stored Pod (when there is one) with the workload's labels, service account, address and phase. */
    private static ObjectNode pod(WorkloadRequest request, StoredObject before) {
        ObjectNode pod = before == null ? Jsons.MAPPER.createObjectNode() : StoredBodies.withoutServerMetadata(
                Jsons.readStored(before.bodyJson()));
        pod.put("apiVersion", "v1");
        pod.put("kind", "Pod");
        ObjectNode metadata = pod.withObjectProperty("metadata");
        metadata.put("name", request.name());
        metadata.put("namespace", request.namespace());
        metadata.set("labels", request.labelsJson());
        // where the admin relay finds the sidecar's admin listener; absent = the default port
        if (request.adminPort() == SidecarAdminRelay.DEFAULT_ADMIN_PORT) {
            if (metadata.get("annotations") instanceof ObjectNode annotations) {
                annotations.remove(SidecarAdminRelay.ADMIN_PORT_ANNOTATION);
                if (annotations.isEmpty()) {
                    metadata.remove("annotations");
                }
            }
        } else {
            metadata.withObjectProperty("annotations").put(SidecarAdminRelay.ADMIN_PORT_ANNOTATION,
                    Integer.toString(request.adminPort()));
        }
        pod.withObjectProperty("spec").put("serviceAccountName", request.serviceAccount());
        ObjectNode status = pod.withObjectProperty("status");
        status.put("phase", Pods.RUNNING);
        status.put("podIP", request.podIp());
        status.putArray("podIPs").addObject().put("ip", request.podIp());
        return pod;
    }

    /** The Pod checked like any Pod, its errors named by the request's fields. */
    private ResourceWrites.Candidate prepare(ObjectNode pod) {
        try {
            return writes.prepare(codec.fromJson(pod), 0, 0, null);
        } catch (ApiException e) {
            throw ApiException.invalid("the workload is invalid", e.errors().stream()
                    .map(d -> ApiException.Detail.of(WorkloadRequest.requestField(d.field()), d.message())).toList());
        }
    }

    /** Admin tokens may register any workload; sidecar tokens theirs (the binding, returned); others nothing. */
    private static TokenBinding requireAllowed(Caller caller) {
        if (caller.isSidecar()) {
            if (caller.binding() == null) {
                throw caller.sidecarScope();
            }
            return caller.binding();
        }
        if (!caller.role().includes(Role.ADMIN)) {
            throw forbidden("token '" + caller.actor().name() + "' has role " + caller.role().wireName()
                    + "; registering and removing workloads needs admin or a sidecar token");
        }
        return null;
    }

    private static void requireOwnNamespace(Caller caller, TokenBinding binding, String namespace) {
        if (!binding.namespace().equals(namespace)) {
            throw forbidden("token '" + caller.actor().name() + "' may register and remove workloads in namespace "
                    + binding.namespace() + " only, not " + namespace);
        }
    }

    private static ApiException forbidden(String detail) {
        return new ApiException(403, "forbidden", "Forbidden", detail, List.of());
    }
}
