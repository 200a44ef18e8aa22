package io.meshgate.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshgate.db.Actor;
import io.meshgate.db.AuditVerb;
import io.meshgate.db.ResourceStore;
import io.meshgate.db.StoredObject;
import io.meshgate.egress.translator.EgressGatewaySettings;
import io.meshgate.resources.MeshConfigDefaults;
import io.meshgate.resources.ResourceCodec;

import java.lang.System.Logger.Level;
import java.util.Optional;

/**
 * Puts the embedded egress gateway's {@code --egress-gateway-port} into MeshConfig {@code
 * spec.egressGateway.port} at start, the way {@code fsm install --set fsm.egressGateway.port=N} renders that
 * value into the MeshConfig: the MeshConfig stays the one source of the port the gateway listens on and
 * sidecars tunnel to ({@link EgressGatewaySettings}), and the flag is a way of setting it. Written only when
 * the port differs, audited as {@value EmbeddedEgressGatewayService#ACTOR_NAME} with the note {@value #NOTE}.
 * A later change of the MeshConfig (a client's PATCH) stands until the next start with the flag.
 */
final class EmbeddedEgressMeshConfigPort {
    static final String NOTE = "--egress-gateway-port";

    private static final System.Logger LOG = System.getLogger(EmbeddedEgressMeshConfigPort.class.getName());

    private EmbeddedEgressMeshConfigPort() {}

    /**
     * Sets the MeshConfig's egress gateway port to {@code port} unless it already is (the default MeshConfig
     * must exist: {@link Bootstrap#meshConfig} runs first).
     *
     * @throws IllegalStateException when the MeshConfig with that port would not be valid (one stored without
     *                               validation): the message names the MeshConfig's problems
     */
    static void apply(ResourceStore store, ResourceWrites writes, ResourceCodec codec, int port) {
        Optional<StoredObject> current = store.get("MeshConfig", MeshConfigDefaults.NAMESPACE, MeshConfigDefaults.NAME);
        if (current.isEmpty()) {
            throw new IllegalStateException("MeshConfig " + MeshConfigDefaults.NAMESPACE + "/" + MeshConfigDefaults.NAME
                    + " is missing: the default is stored before the egress gateway's port is set");
        }
        ObjectNode body = StoredBodies.withoutServerMetadata(Jsons.readStored(current.get().bodyJson()));
        EgressGatewaySettings before = EgressGatewaySettings.from(codec.fromJson(body));
        if (before.port() == port && before.invalidPort() == null) {
            return;
        }
        ObjectNode spec = body.get("spec") instanceof ObjectNode s ? s : body.putObject("spec");
        ObjectNode section = spec.get("egressGateway") instanceof ObjectNode e ? e : spec.putObject("egressGateway");
        section.put("port", port);
        ResourceWrites.Candidate candidate;
        try {
            candidate = writes.prepare(codec.fromJson(body), 0, 0, null);
        } catch (ApiException e) {
            throw new IllegalStateException(NOTE + " " + port + " cannot be written into MeshConfig "
                    + MeshConfigDefaults.NAMESPACE + "/" + MeshConfigDefaults.NAME + ", which is not valid: "
                    + e.errors().stream().map(d -> d.field() + ": " + d.message()).toList()
                    + "; correct the MeshConfig or start without " + NOTE, e);
        }
        long examined = current.get().resourceVersion();
        WriteOutcome written = store.writeAndReturn(Actor.system(EmbeddedEgressGatewayService.ACTOR_NAME), tx -> {
            long now = tx.get("MeshConfig", MeshConfigDefaults.NAMESPACE, MeshConfigDefaults.NAME)
                    .map(StoredObject::resourceVersion).orElse(0L);
            if (now != examined) {
                return null; // changed meanwhile (another replica at its start, with the same flag): that one stands
            }
            return writes.put(tx, candidate, null, AuditVerb.UPDATE, NOTE);
        });
        if (written != null) {
            LOG.log(Level.INFO, "MeshConfig " + EgressGatewaySettings.PORT_FIELD + " set to " + port + " (was "
                    + before.port() + ") by " + NOTE + ": the egress gateway listens there and sidecars tunnel there");
        }
    }
}
