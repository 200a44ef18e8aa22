package io.meshgate.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.meshgate.ingress.IngressBackendStatus;
import io.meshgate.resources.ResourceKey;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The status of every {@code policy.flomesh.io} IngressBackend ({@link IngressBackendStatus}, as an
 * {@link IngressBackendStatusDocument}), written by the leader's {@link StatusWriter} where it
 * differs from what is stored.
 *
 * <p>Written through the {@code /status} subresource, as FSM does. FSM's own CRD declares no status
 * subresource (the API server then answers 404 there): the status is then written with the object
 * itself, and that is remembered. Such a CRD also prunes the fields its schema lacks
 * ({@code conditions}) and counts a status write as a new generation; so after each write the
 * status and generation the server answered are remembered, and while the object still holds
 * exactly those, the same status is not written again (no write loop on a pruning server).
 */
final class IngressBackendStatusSource implements StatusWriter.Source {
    private static final System.Logger LOG = System.getLogger(IngressBackendStatusSource.class.getName());

    private final KubernetesClient client;
    private final ClusterInformers informers;
    private final Clock clock;
    private final Map<ResourceKey, Written> written = new ConcurrentHashMap<>();
    private volatile Map<ResourceKey, IngressBackendStatus> desired = Map.of();
    private volatile boolean noStatusSubresource;

    /** What the server held after our last write of an object's status. */
    private record Written(IngressBackendStatusDocument meaning, IngressBackendStatusDocument answered,
                           long answeredGeneration) {}

    IngressBackendStatusSource(KubernetesClient client, ClusterInformers informers, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.informers = Objects.requireNonNull(informers, "informers");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The statuses every IngressBackend should have, after a rebuild. */
    void statusesChanged(Map<ResourceKey, IngressBackendStatus> statuses) {
        desired = Map.copyOf(statuses);
    }

    @Override
    public List<StatusWriter.Pending> pending() {
        Map<ResourceKey, IngressBackendStatus> now = desired;
        written.keySet().retainAll(now.keySet());
        List<StatusWriter.Pending> out = new ArrayList<>();
        now.forEach((key, status) -> {
            GenericKubernetesResource object = informers.ingressBackend(key.namespace(), key.name()).orElse(null);
            if (object == null) {
                return;
            }
            long generation = generation(object);
            IngressBackendStatusDocument want = IngressBackendStatusDocument.of(status, generation);
            IngressBackendStatusDocument have = IngressBackendStatusDocument.read(stored(object));
            Written last = written.get(key);
            boolean unchangedSinceOurWrite = last != null && last.meaning().equals(want.withoutGenerations())
                    && last.answered().equals(have) && last.answeredGeneration() == generation;
            if (!want.equals(have) && !unchangedSinceOurWrite) {
                String change = "status set to " + status.currentStatus()
                        + (status.currentStatus().equals(IngressBackendStatus.ERROR) ? " (" + status.reason() + ")" : "");
                out.add(new StatusWriter.Pending("IngressBackend " + key.namespace() + "/" + key.name(), change,
                        () -> write(key, object, want)));
            }
        });
        return out;
    }

    private void write(ResourceKey key, GenericKubernetesResource object, IngressBackendStatusDocument want) {
        GenericKubernetesResource updated = new GenericKubernetesResource();
        updated.setApiVersion(object.getApiVersion());
        updated.setKind(object.getKind());
        updated.setMetadata(object.getMetadata());
        Map<String, Object> fields = new LinkedHashMap<>(object.getAdditionalProperties());
        fields.put("status", want.render(stored(object), clock.instant()));
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
        written.put(key, new Written(want.withoutGenerations(), IngressBackendStatusDocument.read(stored(answered)),
                generation(answered)));
    }

    private static Object stored(GenericKubernetesResource object) {
        return object == null ? null : object.getAdditionalProperties().get("status");
    }

    private static long generation(GenericKubernetesResource object) {
        Long generation = object == null || object.getMetadata() == null ? null : object.getMetadata().getGeneration();
        return generation == null ? 0 : generation;
    }
}
