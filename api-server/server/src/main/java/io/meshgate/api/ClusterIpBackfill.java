package io.meshgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgate.db.Actor;
import io.meshgate.db.AuditVerb;
import io.meshgate.db.ResourceStore;
import io.meshgate.db.StoredObject;
import io.meshgate.resources.ResourceCodec;

import java.lang.System.Logger.Level;

/**
 * At start, gives a cluster IP to every Service stored without one (written before this server
 * allocated them), so sidecars can address it without the Service being applied again. One
 * transaction, audited as {@value #ACTOR_NAME}; a Service that cannot get one (the block is full,
 * the stored object no longer validates) is logged and left as it is.
 */
final class ClusterIpBackfill {
    static final String ACTOR_NAME = "system:cluster-ip-allocator";
    private static final System.Logger LOG = System.getLogger(ClusterIpBackfill.class.getName());

    private ClusterIpBackfill() {}

    /** @return how many Services got an address */
    static int run(ResourceStore store, ResourceWrites writes, ResourceCodec codec) {
        int assigned = store.writeAndReturn(Actor.system(ACTOR_NAME), tx -> {
            int count = 0;
            for (StoredObject service : tx.list("Service", null)) {
                JsonNode body = Jsons.readStored(service.bodyJson());
                JsonNode spec = body.path("spec");
                if (!spec.path("clusterIP").asText("").isEmpty() || "ExternalName".equals(spec.path("type").asText())) {
                    continue;
                }
                try {
                    ResourceWrites.Candidate c = writes.prepare(codec.fromJson(StoredBodies.withoutServerMetadata(body)),
                            0, 0, null);
                    // nothing is written for a Service whose address is refused, so the others still commit
                    writes.put(tx, c, null, AuditVerb.UPDATE, "cluster IP from the service CIDR (stored without one)");
                    count++;
                } catch (ApiException e) {
                    LOG.log(Level.WARNING, "Service " + service.namespace() + "/" + service.name()
                            + " keeps having no cluster IP: " + e.getMessage()
                            + (e.errors().isEmpty() ? "" : " " + e.errors()));
                }
            }
            return count;
        });
        if (assigned > 0) {
            LOG.log(Level.INFO, "gave " + assigned + " Service(s) stored without one a cluster IP");
        }
        return assigned;
    }
}
