package io.meshgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshgate.api.reconcile.CommitDrivenWorker;
import io.meshgate.db.Actor;
import io.meshgate.db.AuditVerb;
import io.meshgate.db.ChangeEvent;
import io.meshgate.db.EventLog;
import io.meshgate.db.ResourceStore;
import io.meshgate.db.RevisionExpiredException;
import io.meshgate.db.StoredObject;
import io.meshgate.resources.ResourceCodec;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Kubernetes' endpoints controller for the standalone store: every Service with a selector gets an
 * {@code Endpoints} of its name listing the Running Pods it selects ({@link EndpointsFromPods}),
 * written only when that differs from what is stored, audited as {@value #ACTOR_NAME}. Endpoints it
 * wrote carry the annotation {@value #MANAGED_BY}: {@value #MANAGER}, and only those are ever changed
 * or deleted (when their Service is gone or lost its selector). An Endpoints a client wrote without
 * that annotation is left as it is, and reported in the log once per version: in standalone mode
 * writing Endpoints by hand is how backends outside the mesh are declared.
 *
 * <p>A pass runs after store commits (debounced) that touched Services, Pods or Endpoints (the event
 * log tells; other commits, such as the reconciler's status writes, cost one small read). Each write
 * checks, inside its transaction, that the Endpoints is still the version the pass decided on; when
 * not, it is skipped, and the commit that changed it brings another pass.
 */
final class EndpointsController implements AutoCloseable {
    static final String ACTOR_NAME = "system:endpoints-controller";
    static final String MANAGED_BY = "meshgate.io/managed-by";
    static final String MANAGER = "endpoints-controller";

    private static final System.Logger LOG = System.getLogger(EndpointsController.class.getName());
    private static final Actor ACTOR = Actor.system(ACTOR_NAME);
    private static final Set<String> INPUTS = Set.of("Service", "Pod", "Endpoints");
    private static final Duration DEBOUNCE = Duration.ofMillis(100);
    private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(2);

    private final ResourceStore store;
    private final EventLog events;
    private final ResourceWrites writes;
    private final ResourceCodec codec;
    private final CommitDrivenWorker worker;
    /** The revision up to which no input changed since the last pass; -1 = look at everything. */
    private long quietSince = -1;
    /** Client-written Endpoints already reported, by key, at the version reported. */
    private final Map<String, Long> reported = new HashMap<>();

    EndpointsController(ResourceStore store, EventLog events, ResourceWrites writes, ResourceCodec codec) {
        this.store = store;
        this.events = events;
        this.writes = writes;
        this.codec = codec;
        this.worker = new CommitDrivenWorker("meshgate-endpoints", store, DEBOUNCE, null, RETRY_AFTER_FAILURE,
                this::pass, e -> LOG.log(Level.WARNING, "endpoints pass failed; retrying in "
                        + RETRY_AFTER_FAILURE.toSeconds() + " s", e));
    }

    /** Subscribes to store commits and starts the loop; the first pass runs right away. */
    EndpointsController start() {
        worker.start();
        return this;
    }

    @Override
    public void close() {
        worker.close();
    }

    /** One pass: derive every managed Endpoints and write the differences. */
    synchronized void pass() {
        if (!inputsChanged()) {
            return;
        }
        long revision = store.currentRevision();
        Map<String, StoredObject> services = byKey(list("Service"));
        Map<String, List<JsonNode>> podsByNamespace = new HashMap<>();
        for (StoredObject pod : list("Pod")) {
            podsByNamespace.computeIfAbsent(pod.namespace(), ns -> new ArrayList<>())
                    .add(Jsons.readStored(pod.bodyJson()));
        }
        Map<String, StoredObject> current = byKey(list("Endpoints"));

        List<Change> changes = new ArrayList<>();
        services.forEach((key, stored) -> {
            JsonNode service = Jsons.readStored(stored.bodyJson());
            if (!EndpointsFromPods.selects(service)) {
                return;
            }
            ObjectNode wanted = endpoints(service, EndpointsFromPods.subsets(service,
                    podsByNamespace.getOrDefault(stored.namespace(), List.of())));
            StoredObject existing = current.get(key);
            if (existing == null) {
                changes.add(new Change(stored.namespace(), stored.name(), wanted, 0L));
            } else if (!managed(existing)) {
                report(key, existing);
            } else if (!sameContent(Jsons.readStored(existing.bodyJson()), wanted)) {
                changes.add(new Change(stored.namespace(), stored.name(), wanted, existing.resourceVersion()));
            }
        });
        current.forEach((key, existing) -> {
            StoredObject service = services.get(key);
            if (managed(existing) && (service == null
                    || !EndpointsFromPods.selects(Jsons.readStored(service.bodyJson())))) {
                changes.add(new Change(existing.namespace(), existing.name(), null, existing.resourceVersion()));
            }
        });
        reported.keySet().retainAll(current.keySet());
        if (changes.isEmpty()) {
            quietSince = revision;
            return;
        }
        quietSince = -1; // our own commit is an input change: the next pass looks again (and finds nothing to do)
        write(changes);
    }

    /** Endpoints to create (seen 0), replace or delete (body null), as the pass saw them. */
    private record Change(String namespace, String name, ObjectNode body, long seenVersion) {
    }

    private void write(List<Change> changes) {
        // validated before the transaction: the controller's own output must be a valid Endpoints
        List<ResourceWrites.Candidate> candidates = new ArrayList<>();
        for (Change c : changes) {
            candidates.add(c.body() == null ? null : writes.prepare(codec.fromJson(c.body()), 0, 0, null));
        }
        int written = store.writeAndReturn(ACTOR, tx -> {
            int count = 0;
            for (int i = 0; i < changes.size(); i++) {
                Change c = changes.get(i);
                long now = tx.get("Endpoints", c.namespace(), c.name()).map(StoredObject::resourceVersion).orElse(0L);
                if (now != c.seenVersion()) {
                    continue; // changed meanwhile: that commit triggers another pass, which decides again
                }
                String note = "derived from Service " + c.namespace() + "/" + c.name() + " and its Pods";
                if (c.body() == null) {
                    writes.delete(tx, "Endpoints", c.namespace(), c.name(), now, AuditVerb.DELETE,
                            "Service " + c.namespace() + "/" + c.name() + " no longer selects Pods");
                } else {
                    writes.put(tx, candidates.get(i), null, AuditVerb.UPDATE, note);
                }
                count++;
            }
            return count;
        });
        LOG.log(Level.DEBUG, () -> "endpoints controller wrote " + written + " of " + changes.size() + " changes");
    }

    /** False when the event log shows no Service, Pod or Endpoints change since the last quiet pass. */
    private boolean inputsChanged() {
        if (quietSince < 0) {
            return true;
        }
        List<ChangeEvent> since;
        try {
            since = events.since(quietSince, EventLog.MAX_BATCH);
        } catch (RevisionExpiredException trimmed) {
            return true;
        }
        if (since.size() >= EventLog.MAX_BATCH || since.stream().anyMatch(e -> INPUTS.contains(e.kind()))) {
            return true;
        }
        if (!since.isEmpty()) {
            quietSince = since.getLast().resourceVersion();
        }
        return false;
    }

    /** The Endpoints of {@code service}: its name, its labels (as Kubernetes copies them), our annotation. */
    private static ObjectNode endpoints(JsonNode service, ArrayNode subsets) {
        ObjectNode out = Jsons.MAPPER.createObjectNode();
        out.put("apiVersion", "v1");
        out.put("kind", "Endpoints");
        ObjectNode metadata = out.putObject("metadata");
        metadata.put("name", service.path("metadata").path("name").asText());
        metadata.put("namespace", service.path("metadata").path("namespace").asText());
        JsonNode labels = service.path("metadata").path("labels");
        if (labels.isObject() && !labels.isEmpty()) {
            metadata.set("labels", labels.deepCopy());
        }
        metadata.putObject("annotations").put(MANAGED_BY, MANAGER);
        if (!subsets.isEmpty()) {
            out.set("subsets", subsets);
        }
        return out;
    }

    private static boolean managed(StoredObject endpoints) {
        return MANAGER.equals(Jsons.readStored(endpoints.bodyJson()).path("metadata").path("annotations")
                .path(MANAGED_BY).asText(null));
    }

    /** Same subsets, labels and annotations (what this controller writes); server metadata aside. */
    private static boolean sameContent(JsonNode stored, ObjectNode wanted) {
        return Objects.equals(orEmpty(stored.get("subsets")), orEmpty(wanted.get("subsets")))
                && Objects.equals(orEmpty(stored.path("metadata").get("labels")),
                        orEmpty(wanted.path("metadata").get("labels")))
                && Objects.equals(orEmpty(stored.path("metadata").get("annotations")),
                        orEmpty(wanted.path("metadata").get("annotations")));
    }

    private static JsonNode orEmpty(JsonNode node) {
        return node == null || node.isNull() || node.isEmpty() ? null : node;
    }

    private void report(String key, StoredObject existing) {
        Long seen = reported.put(key, existing.resourceVersion());
        if (seen == null || seen != existing.resourceVersion()) {
            LOG.log(Level.WARNING, "Endpoints " + key + " was written without the annotation " + MANAGED_BY + ": "
                    + MANAGER + ", so the endpoints controller leaves it as it is although Service " + key
                    + " has a selector; delete it (or add the annotation) to have it derived from the Pods");
        }
    }

    private List<StoredObject> list(String kind) {
        return store.list(kind, null, Map.of(), Set.of(), 0, null).items();
    }

    private static Map<String, StoredObject> byKey(List<StoredObject> objects) {
        Map<String, StoredObject> out = new LinkedHashMap<>();
        objects.forEach(o -> out.put(o.namespace() + "/" + o.name(), o));
        return out;
    }
}
