package io.meshgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshgate.db.Actor;
import io.meshgate.db.AuditVerb;
import io.meshgate.db.ResourceStore;
import io.meshgate.db.StoredObject;

import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Writes an object the control plane keeps for a gateway running beside it (a Service and its Endpoints,
 * {@link EmbeddedGatewayService}, {@link EmbeddedEgressGatewayService}): only when it differs from what is
 * wanted, audited as the keeper, and only while the stored object still carries the annotation
 * {@value #MANAGED_BY} with the keeper's value. An object of that name without it was written by a client
 * and is left as it is: the operator declared that gateway.
 *
 * @param actorName  the audit actor of the writes (e.g. {@code system:embedded-gateway})
 * @param manager    the value of {@value #MANAGED_BY} marking the objects this keeper owns
 * @param describes  the gateway the objects describe (e.g. "the ingress gateway"), for the log line and, as
 *                   "the embedded ...", the audit note
 */
record ManagedSystemObject(String actorName, String manager, String describes) {
    static final String MANAGED_BY = EndpointsController.MANAGED_BY;

    private static final System.Logger LOG = System.getLogger(ManagedSystemObject.class.getName());

    ManagedSystemObject {
        Objects.requireNonNull(actorName, "actorName");
        Objects.requireNonNull(manager, "manager");
        Objects.requireNonNull(describes, "describes");
    }

    /**
     * Makes {@code kind namespace/name} what {@code wanted} returns for the stored object (null when there is
     * none: the keeper's defaults; else what the keeper keeps of a user's edits), unless a client owns it.
     */
    void ensure(ResourceStore store, ResourceWrites writes, io.meshgate.resources.ResourceCodec codec, String kind,
                String namespace, String name, UnaryOperator<JsonNode> wanted) {
        Optional<StoredObject> current = store.get(kind, namespace, name);
        JsonNode stored = current.map(object -> (JsonNode) Jsons.readStored(object.bodyJson())).orElse(null);
        if (stored != null && !managed(stored)) {
            LOG.log(Level.INFO, kind + " " + namespace + "/" + name + " was written without the annotation "
                    + MANAGED_BY + ": " + manager + "; it is left as it is and describes " + describes);
            return;
        }
        ObjectNode object = (ObjectNode) wanted.apply(stored);
        if (stored != null && sameContent(stored, object)) {
            return;
        }
        long examined = current.map(StoredObject::resourceVersion).orElse(0L);
        ResourceWrites.Candidate candidate = writes.prepare(codec.fromJson(object), 0, 0, null);
        store.writeAndReturn(Actor.system(actorName), tx -> {
            long now = tx.get(kind, namespace, name).map(StoredObject::resourceVersion).orElse(0L);
            if (now != examined) {
                return null; // written meanwhile (another replica at its start): that one stands
            }
            return writes.putWithStatus(tx, candidate, AuditVerb.UPDATE, "the embedded " + describes);
        });
    }

    /** A new object of {@code kind} carrying this keeper's annotation and label {@code app: name}. */
    ObjectNode object(String kind, String namespace, String name) {
        ObjectNode object = Jsons.MAPPER.createObjectNode();
        object.put("apiVersion", "v1");
        object.put("kind", kind);
        ObjectNode metadata = object.putObject("metadata");
        metadata.put("name", name);
        metadata.put("namespace", namespace);
        metadata.putObject("labels").put("app", name);
        metadata.putObject("annotations").put(MANAGED_BY, manager);
        return object;
    }

    private boolean managed(JsonNode stored) {
        return manager.equals(stored.path("metadata").path("annotations").path(MANAGED_BY).asText(null));
    }

    /** The fields a keeper writes are as wanted (the cluster IP the store assigned aside). */
    private static boolean sameContent(JsonNode stored, ObjectNode wanted) {
        JsonNode spec = stored.path("spec").deepCopy();
        if (spec instanceof ObjectNode s) {
            s.remove("clusterIP");
            s.remove("clusterIPs");
        }
        return Objects.equals(spec.isMissingNode() ? null : spec, wanted.get("spec"))
                && Objects.equals(stored.get("subsets"), wanted.get("subsets"))
                && Objects.equals(stored.get("status"), wanted.get("status"))
                && Objects.equals(stored.path("metadata").get("labels"), wanted.path("metadata").get("labels"))
                && Objects.equals(stored.path("metadata").get("annotations"), wanted.path("metadata").get("annotations"));
    }
}
