package io.meshgate.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.meshgate.ingress.IngressBackendStatus;
import io.meshgate.reconcile.ReportedStatus;
import io.meshgate.reconcile.StatusDocument;
import io.meshgate.resources.ResourceKey;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The status of every {@code policy.flomesh.io} IngressBackend, as the reconciler's IngressBackend
 * reporter said it and {@link StatusDocument} (the one status builder of both modes) shapes it,
 * written by the leader's {@link StatusWriter} where it differs from what is stored.
 *
 * <p>Written through the {@code /status} subresource, as FSM does. FSM's own CRD declares no status
 * subresource (the API server then answers 404 there): the status is then written with the object
 * itself, and that is remembered. Such a CRD also prunes the fields its schema lacks
 * ({@code conditions}) and counts a status write as a new generation; so after each write the
 * report, and the status and generation the server answered, are remembered, and while the object
 * still holds exactly those, the same report is not written again (no write loop on a pruning
 * server).
 */
final class IngressBackendStatusSource implements StatusWriter.Source {
    private static final System.Logger LOG = System.getLogger(IngressBackendStatusSource.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesClient client;
    private final ClusterInformers informers;
    private final Clock clock;
    private final Map<ResourceKey, Written> written = new ConcurrentHashMap<>();
    private volatile Map<ResourceKey, ReportedStatus> desired = Map.of();
    private volatile boolean noStatusSubresource;

    /** What the server held after our last write of an object's status, and the report it came from. */
    private record Written(ReportedStatus report, JsonNode answered, long answeredGeneration) {}

    IngressBackendStatusSource(KubernetesClient client, ClusterInformers informers, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.informers = Objects.requireNonNull(informers, "informers");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** What every IngressBackend's status should say, after a reconcile pass. */
    void statusesChanged(Map<ResourceKey, ReportedStatus> statuses) {
        desired = Map.copyOf(statuses);
    }

    @Override
    public List<StatusWriter.Pending> pending() {
        Map<ResourceKey, ReportedStatus> now = desired;
        written.keySet().retainAll(now.keySet());
        List<StatusWriter.Pending> out = new ArrayList<>();
        now.forEach((key, report) -> {
            GenericKubernetesResource object = informers.ingressBackend(key.namespace(), key.name()).orElse(null);
            if (object == null) {
                return;
            }
            long generation = generation(object);
            JsonNode have = tree(stored(object));
            ObjectNode want = desired(report, have, generation, clock.instant());
            Written last = written.get(key);
            boolean unchangedSinceOurWrite = last != null && last.report().equals(report)
                    && Objects.equals(last.answered(), have) && last.answeredGeneration() == generation;
            if (!want.equals(have) && !unchangedSinceOurWrite) {
                out.add(new StatusWriter.Pending("IngressBackend " + key.namespace() + "/" + key.name(),
                        change(report), () -> write(key, object, want, report)));
            }
        });
        return out;
    }

    /**
     * The status to store for {@code report} over the stored one ({@code have}, null when none), in
     * the form a re-read gives, so that equal means "no write needed". Pure, for tests.
     */
    static ObjectNode desired(ReportedStatus report, JsonNode have, long generation, Instant now) {
        return (ObjectNode) normalized(StatusDocument.compose(report, have, generation, now));
    }

    /** A stored {@code status} (maps, lists, strings and numbers of any type) as a tree; null when absent. */
    static JsonNode tree(Object stored) {
        return stored == null ? null : normalized(JSON.valueToTree(stored));
    }

    private static String change(ReportedStatus report) {
        String currentStatus = report.fields().path("currentStatus").asText();
        return "status set to " + currentStatus + (currentStatus.equals(IngressBackendStatus.ERROR)
                ? " (" + report.fields().path("reason").asText() + ")" : "");
    }

    private void write(ResourceKey key, GenericKubernetesResource object, ObjectNode want, ReportedStatus report) {
        GenericKubernetesResource updated = new GenericKubernetesResource();
        updated.setApiVersion(object.getApiVersion());
        updated.setKind(object.getKind());
        updated.setMetadata(object.getMetadata());
        Map<String, Object> fields = new LinkedHashMap<>(object.getAdditionalProperties());
        fields.put("status", JSON.convertValue(want, Map.class));
        fields.forEach(updated::setAdditionalProperty);
        Resource<GenericKubernetesResource> resource = client.genericKubernetesResources(ClusterInformers.ingressBackendContext())
                .inNamespace(key.namespace()).resource(updated);
        GenericKubernetesResource answered;
        if (noStatusSubresource) {
            answered = resource.update();
        } else {
            try {
                answered = resource.updateStatus();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404 || informers.ingressBackend(key.namespace(), key.name()).isEmpty()) {
                    throw e;
                }
                LOG.log(Level.INFO, "the IngressBackend CRD has no /status subresource (FSM's declares none):"
                        + " writing IngressBackend status with the object");
                noStatusSubresource = true;
                answered = resource.update();
            }
        }
        written.put(key, new Written(report, tree(stored(answered)), generation(answered)));
    }

    /** The tree a re-read of the JSON gives (numbers as ints where they fit), so equal means equal. */
    private static JsonNode normalized(JsonNode node) {
        try {
            return JSON.readTree(node.toString());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object stored(GenericKubernetesResource object) {
        return object == null ? null : object.getAdditionalProperties().get("status");
    }

    private static long generation(GenericKubernetesResource object) {
        Long generation = object == null || object.getMetadata() == null ? null : object.getMetadata().getGeneration();
        return generation == null ? 0 : generation;
    }
}
