package io.meshgate.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.meshgate.reconcile.ReportedStatus;
import io.meshgate.reconcile.ResourceSnapshot;
import io.meshgate.reconcile.StatusDocument;
import io.meshgate.reconcile.StatusSink;
import io.meshgate.reconcile.StatusSubresource;
import io.meshgate.resources.ResourceKey;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The whole control plane's {@link StatusSink} on Kubernetes: what the translators and reporters
 * said about each object goes to that object's {@code /status} subresource, shaped by
 * {@link StatusDocument} (the one status builder of both modes), written by the leader only
 * ({@link StatusWriter}: its own thread, only objects whose status differs, conflicts retried on
 * the next event).
 *
 * <ul>
 *   <li>Custom kinds (FSM's and SMI's: Retry, TrafficSplit, Egress, UpstreamTrafficSetting, ...) get
 *       their whole status document: the kind's fields and {@code conditions}.</li>
 *   <li>The API server's kinds (Ingress, Service, Pod, Namespace, ...) are never written. Ingress status
 *       ({@code status.loadBalancer}, and the conditions as Events) belongs to the ingress controller
 *       Deployment ({@code meshgate ingress-controller}, the address of its published Service): were the
 *       control plane to write the address its own translation names (its pod's), the two would overwrite
 *       each other forever. The others' status belongs to Kubernetes' own controllers and the kubelet.</li>
 * </ul>
 *
 * <p>A CRD without a status subresource answers 404 on {@code /status}: that kind's status is then
 * written with the object (logged once per kind). A server that prunes fields its schema lacks would
 * make the same report differ forever from what is stored, so after each write the report and the
 * status the server answered are remembered, and while the object still holds exactly that, the
 * same report is not written again.
 */
public final class MeshStatusSink implements StatusSink, StatusWriter.Source, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(MeshStatusSink.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesClient client;
    private final MeshInformers informers;
    private final Clock clock;
    private final StatusWriter writer;
    private final Map<ResourceKey, Written> written = new ConcurrentHashMap<>();
    private final Set<String> withoutStatusSubresource = ConcurrentHashMap.newKeySet();
    private volatile Map<ResourceKey, ReportedStatus> desired = Map.of();

    /**
     * What the server held after our last write of an object's status, the report it came from, and
     * the resourceVersion the write was made over (while the cache still holds that version, the
     * informer has not brought our write yet: writing again would only conflict).
     */
    private record Written(ReportedStatus report, JsonNode answered, long answeredGeneration, String overVersion) {}

    /** @param retryDelay how soon a failed write is tried again */
    public MeshStatusSink(KubernetesClient client, MeshInformers informers, Clock clock, Duration retryDelay) {
        this.client = Objects.requireNonNull(client, "client");
        this.informers = Objects.requireNonNull(informers, "informers");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.writer = new StatusWriter(List.of(this), retryDelay);
    }

    @Override
    public void publish(ResourceSnapshot snapshot, Map<ResourceKey, ReportedStatus> reports) {
        Map<ResourceKey, ReportedStatus> next = new LinkedHashMap<>();
        reports.forEach((key, report) -> owned(key, report).ifPresent(status -> next.put(key, status)));
        desired = Map.copyOf(next);
        writer.changed();
    }

    /** Leadership gained (every object is checked at once) or lost (nothing more is written). */
    public void setLeader(boolean leader) {
        writer.setLeader(leader);
    }

    /** Status writes done by this pod. */
    public long writes() {
        return writer.writes();
    }

    /** The part of a report this sink writes, or empty for a kind whose status is not ours. */
    java.util.Optional<ReportedStatus> owned(ResourceKey key, ReportedStatus report) {
        WatchedKind kind = informers.kinds().get(key.kind());
        if (kind == null || !StatusSubresource.exists(key.kind())) {
            return java.util.Optional.empty();
        }
        return kind.custom() ? java.util.Optional.of(report) : java.util.Optional.empty();
    }

    @Override
    public List<StatusWriter.Pending> pending() {
        Map<ResourceKey, ReportedStatus> now = desired;
        written.keySet().retainAll(now.keySet());
        List<StatusWriter.Pending> out = new ArrayList<>();
        now.forEach((key, report) -> {
            GenericKubernetesResource object = informers.get(key.kind(), key.namespace(), key.name()).orElse(null);
            if (object == null) {
                return;
            }
            long generation = generation(object);
            JsonNode have = tree(object.getAdditionalProperties().get("status"));
            ObjectNode want = normalized(StatusDocument.compose(report, have, generation, clock.instant()));
            Written last = written.get(key);
            boolean unchangedSinceOurWrite = last != null && last.report().equals(report)
                    && (Objects.equals(last.overVersion(), version(object))
                    || (Objects.equals(last.answered(), have) && last.answeredGeneration() == generation));
            if (!want.equals(have) && !(want.isEmpty() && have == null) && !unchangedSinceOurWrite) {
                ObjectNode status = want;
                out.add(new StatusWriter.Pending(key.kind() + " " + describe(key), "status " + summary(status),
                        () -> write(key, object, status, report)));
            }
        });
        return out;
    }

    private void write(ResourceKey key, GenericKubernetesResource cached, ObjectNode status, ReportedStatus report) {
        GenericKubernetesResource updated = new GenericKubernetesResource();
        updated.setApiVersion(cached.getApiVersion() != null ? cached.getApiVersion()
                : informers.kinds().get(key.kind()).info().preferredApiVersion());
        updated.setKind(key.kind());
        updated.setMetadata(cached.getMetadata());
        Map<String, Object> fields = new LinkedHashMap<>(cached.getAdditionalProperties());
        fields.put("status", JSON.convertValue(status, Map.class));
        fields.forEach(updated::setAdditionalProperty);
        WatchedKind kind = informers.kinds().get(key.kind());
        var operation = client.genericKubernetesResources(kind.context());
        Resource<GenericKubernetesResource> resource = key.namespace() == null || key.namespace().isEmpty()
                ? operation.resource(updated) : operation.inNamespace(key.namespace()).resource(updated);
        GenericKubernetesResource answered;
        if (withoutStatusSubresource.contains(key.kind())) {
            answered = resource.update();
        } else {
            try {
                answered = resource.updateStatus();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404 || informers.get(key.kind(), key.namespace(), key.name()).isEmpty()) {
                    throw e;
                }
                LOG.log(Level.INFO, "the " + key.kind() + " CRD has no /status subresource: writing "
                        + key.kind() + " status with the object");
                withoutStatusSubresource.add(key.kind());
                answered = resource.update();
            }
        }
        written.put(key, new Written(report, tree(answered == null ? null : answered.getAdditionalProperties().get("status")),
                generation(answered), version(cached)));
    }

    private static String describe(ResourceKey key) {
        return key.namespace() == null || key.namespace().isEmpty() ? key.name() : key.namespace() + "/" + key.name();
    }

    /** The conditions' types and statuses, for the log line. */
    private static String summary(ObjectNode status) {
        List<String> parts = new ArrayList<>();
        status.path("conditions").forEach(c -> parts.add(c.path("type").asText() + "=" + c.path("status").asText()));
        if (status.has("loadBalancer")) {
            parts.add("loadBalancer");
        }
        return parts.isEmpty() ? "updated" : String.join(", ", parts);
    }

    /** A stored {@code status} (maps, lists, strings and numbers) as a tree; null when absent. */
    static JsonNode tree(Object stored) {
        if (stored == null) {
            return null;
        }
        JsonNode node = JSON.valueToTree(stored);
        return node.isObject() ? normalized(node) : node;
    }

    private static String version(GenericKubernetesResource object) {
        return object.getMetadata() == null ? null : object.getMetadata().getResourceVersion();
    }

    private static long generation(GenericKubernetesResource object) {
        Long generation = object == null || object.getMetadata() == null ? null : object.getMetadata().getGeneration();
        return generation == null ? 0 : generation;
    }

    /** The tree a re-read of the JSON gives (numbers as ints where they fit), so equal means equal. */
    private static ObjectNode normalized(JsonNode node) {
        try {
            return (ObjectNode) JSON.readTree(node.toString());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        writer.close();
    }
}
