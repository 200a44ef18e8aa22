package io.meshgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshgate.api.reconcile.CommitDrivenWorker;
import io.meshgate.db.ResourceStore;
import io.meshgate.egress.translator.EgressGatewayIdentity;
import io.meshgate.egress.translator.EgressGatewaySettings;
import io.meshgate.resources.MeshConfigDefaults;
import io.meshgate.resources.ResourceCodec;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;

/**
 * Keeps Service {@code fsm-system/fsm-egress-gateway} and its Endpoints describing the {@link
 * EmbeddedEgressGateway}, as FSM's chart declares them for its egress gateway pods:
 *
 * <ul>
 *   <li>the Service: type {@code ClusterIP}, no selector (there are no pods), one port {@value #PORT_NAME}
 *       (the name FSM's chart gives it) = the port the gateway listens on, MeshConfig {@code
 *       spec.egressGateway.port} ({@link EgressGatewaySettings}; also its {@code targetPort}). No mode
 *       annotation: the mode is MeshConfig {@code spec.egressGateway.mode}, and nothing reads FSM's chart's
 *       {@code flomesh.io/egress-gateway-mode};</li>
 *   <li>its Endpoints: the gateway's addresses at that port, where sidecars of the sources an EgressGateway
 *       policy covers open their tunnels.</li>
 * </ul>
 *
 * <p>At start, an explicit {@code --egress-gateway-port} is first written into the MeshConfig ({@link
 * EmbeddedEgressMeshConfigPort}), then both objects are made as wanted (a user's port edit is put back; the
 * labels and annotations a user added are kept, but for a {@value #STALE_MODE_ANNOTATION} annotation). While running, a change of the MeshConfig's port (the
 * gateway's listener moves with it) rewrites both, so the Service, the Endpoints and the listener agree.
 * Both carry the annotation {@value #MANAGED_BY}: {@value #MANAGER}; an object of that name without it was
 * written by a client and is left as it is (the operator declared the gateway). Writes are audited as
 * {@value #ACTOR_NAME} and happen only when something differs.
 */
final class EmbeddedEgressGatewayService implements AutoCloseable {
    static final String NAMESPACE = EgressGatewayIdentity.NAMESPACE;
    static final String NAME = EgressGatewayIdentity.SERVICE;
    static final String ACTOR_NAME = "system:embedded-egress-gateway";
    static final String MANAGED_BY = ManagedSystemObject.MANAGED_BY;
    static final String MANAGER = "embedded-egress-gateway";
    /** The port's name in FSM's chart; a name only, nothing reads it (sidecars pick the port by number). */
    static final String PORT_NAME = "egress-nat-port";
    /**
     * FSM's chart's mode annotation, which earlier versions of this keeper wrote: dropped from a stored
     * Service, since the mode is MeshConfig {@code spec.egressGateway.mode} and the annotation could only
     * contradict it.
     */
    private static final String STALE_MODE_ANNOTATION = "flomesh.io/egress-gateway-mode";

    private static final System.Logger LOG = System.getLogger(EmbeddedEgressGatewayService.class.getName());
    private static final ManagedSystemObject KEEPER = new ManagedSystemObject(ACTOR_NAME, MANAGER,
            "the egress gateway");
    private static final Duration DEBOUNCE = Duration.ofMillis(100);
    private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(2);

    private final ResourceStore store;
    private final ResourceWrites writes;
    private final ResourceCodec codec;
    private final EmbeddedEgressGateway gateway;
    private final CommitDrivenWorker worker;
    /** The port the Service and Endpoints were last made for; written by start() then by the worker only. */
    private volatile int published = -1;

    EmbeddedEgressGatewayService(ResourceStore store, ResourceWrites writes, ResourceCodec codec,
                                 EmbeddedEgressGateway gateway) {
        this.store = Objects.requireNonNull(store, "store");
        this.writes = Objects.requireNonNull(writes, "writes");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.worker = new CommitDrivenWorker("meshgate-egress-gateway-service", store, DEBOUNCE, null,
                RETRY_AFTER_FAILURE, this::followMeshConfig, e -> LOG.log(Level.WARNING,
                "keeping Service " + NAMESPACE + "/" + NAME + " at the MeshConfig's egress gateway port failed;"
                        + " retrying in " + RETRY_AFTER_FAILURE.toSeconds() + " s", e));
    }

    /**
     * Writes the flag's port into the MeshConfig (when given), makes the Service and Endpoints as wanted, then
     * follows the MeshConfig's port. The MeshConfig must exist ({@link Bootstrap#meshConfig} first).
     */
    EmbeddedEgressGatewayService start() {
        if (gateway.meshConfigPort() != null) {
            EmbeddedEgressMeshConfigPort.apply(store, writes, codec, gateway.meshConfigPort());
        }
        int port = listeningPort();
        ensure(port);
        published = port;
        worker.start();
        return this;
    }

    /** The port the gateway listens on now: MeshConfig {@code spec.egressGateway.port} (default 1080). */
    int listeningPort() {
        return EgressGatewaySettings.from(store.get("MeshConfig", MeshConfigDefaults.NAMESPACE, MeshConfigDefaults.NAME)
                .map(stored -> codec.fromJson(Jsons.readStored(stored.bodyJson()))).orElse(null)).port();
    }

    /** A worker pass: only a changed port is a reason to write (a user's other edits wait for a start). */
    private void followMeshConfig() {
        int port = listeningPort();
        if (port != published) {
            ensure(port);
            published = port;
        }
    }

    private void ensure(int port) {
        KEEPER.ensure(store, writes, codec, "Service", NAMESPACE, NAME, stored -> service(port, stored));
        KEEPER.ensure(store, writes, codec, "Endpoints", NAMESPACE, NAME, stored -> endpoints(gateway, port, stored));
    }

    @Override
    public void close() {
        worker.close();
    }

    /** The Service at {@code port}, keeping the annotations and labels {@code stored} (null: none yet) has. */
    static ObjectNode service(int port, JsonNode stored) {
        ObjectNode service = object("Service", stored);
        ObjectNode spec = service.putObject("spec");
        spec.put("type", "ClusterIP");
        spec.putArray("ports").addObject().put("name", PORT_NAME).put("protocol", "TCP")
                .put("port", port).put("targetPort", port);
        return service;
    }

    /** The Endpoints at {@code port}, keeping the annotations and labels {@code stored} (null: none yet) has. */
    static ObjectNode endpoints(EmbeddedEgressGateway gateway, int port, JsonNode stored) {
        ObjectNode endpoints = object("Endpoints", stored);
        if (!gateway.endpointAddresses().isEmpty()) {
            ObjectNode subset = endpoints.putArray("subsets").addObject();
            ArrayNode addresses = subset.putArray("addresses");
            gateway.endpointAddresses().forEach(ip -> addresses.addObject().put("ip", ip));
            subset.putArray("ports").addObject().put("name", PORT_NAME).put("port", port).put("protocol", "TCP");
        }
        return endpoints;
    }

    /**
     * A new object with the keeper's annotation and label, plus the labels and annotations a user gave the
     * stored one (theirs to choose: what they select or note does not change the gateway), but for a mode
     * annotation.
     */
    private static ObjectNode object(String kind, JsonNode stored) {
        ObjectNode object = KEEPER.object(kind, NAMESPACE, NAME);
        if (stored != null) {
            ObjectNode metadata = (ObjectNode) object.get("metadata");
            for (String field : new String[] {"labels", "annotations"}) {
                if (stored.path("metadata").path(field) instanceof ObjectNode kept) {
                    ObjectNode merged = kept.deepCopy();
                    merged.setAll((ObjectNode) metadata.get(field));
                    if (field.equals("annotations")) {
                        merged.remove(STALE_MODE_ANNOTATION);
                    }
                    metadata.set(field, merged);
                }
            }
        }
        return object;
    }
}
