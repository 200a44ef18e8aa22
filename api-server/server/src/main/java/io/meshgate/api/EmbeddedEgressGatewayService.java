package io.meshgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshgate.db.ResourceStore;
import io.meshgate.egress.translator.EgressGatewayIdentity;
import io.meshgate.egress.translator.GatewayMode;
import io.meshgate.resources.ResourceCodec;

/**
 * Keeps Service {@code fsm-system/fsm-egress-gateway} and its Endpoints describing the {@link
 * EmbeddedEgressGateway}, at every start of a control plane that runs one (its address and port only change
 * with a restart), as FSM's chart declares them for its egress gateway pods:
 *
 * <ul>
 *   <li>the Service: type {@code ClusterIP}, no selector (there are no pods), port {@value
 *       EgressGatewayIdentity#PORT_NAME} = the gateway's port (also its {@code targetPort}, which is what the
 *       control plane tells the gateway to bind), annotation {@value EgressGatewayIdentity#MODE_ANNOTATION}:
 *       {@value GatewayMode#DEFAULT} when it has none. The mode is the user's to choose: an annotation a
 *       user changed or added (e.g. {@code kubectl annotate ... flomesh.io/egress-gateway-mode=sock5
 *       --overwrite}) is kept at the next start; the ports are put back, since the gateway listens where
 *       the flags say;</li>
 *   <li>its Endpoints: the gateway's addresses at that port, where sidecars of the sources an EgressGateway
 *       policy covers open their tunnels.</li>
 * </ul>
 * Both carry the annotation {@value #MANAGED_BY}: {@value #MANAGER}; an object of that name without it was
 * written by a client and is left as it is (the operator declared the gateway). Writes are audited as
 * {@value #ACTOR_NAME} and happen only when something differs.
 */
final class EmbeddedEgressGatewayService {
    static final String NAMESPACE = EgressGatewayIdentity.NAMESPACE;
    static final String NAME = EgressGatewayIdentity.SERVICE;
    static final String ACTOR_NAME = "system:embedded-egress-gateway";
    static final String MANAGED_BY = ManagedSystemObject.MANAGED_BY;
    static final String MANAGER = "embedded-egress-gateway";

    private static final ManagedSystemObject KEEPER = new ManagedSystemObject(ACTOR_NAME, MANAGER,
            "the egress gateway");

    private EmbeddedEgressGatewayService() {}

    /** Writes what differs from {@code gateway}'s Service and Endpoints; nothing for a null gateway. */
    static void ensure(ResourceStore store, ResourceWrites writes, ResourceCodec codec, EmbeddedEgressGateway gateway) {
        if (gateway == null) {
            return;
        }
        KEEPER.ensure(store, writes, codec, "Service", NAMESPACE, NAME, stored -> service(gateway, stored));
        KEEPER.ensure(store, writes, codec, "Endpoints", NAMESPACE, NAME, stored -> endpoints(gateway, stored));
    }

    /** The Service, keeping the annotations and labels {@code stored} (null: none yet) has. */
    static ObjectNode service(EmbeddedEgressGateway gateway, JsonNode stored) {
        ObjectNode service = object("Service", stored);
        ObjectNode annotations = (ObjectNode) service.path("metadata").path("annotations");
        if (annotations.path(EgressGatewayIdentity.MODE_ANNOTATION).asText("").isBlank()) {
            annotations.put(EgressGatewayIdentity.MODE_ANNOTATION, GatewayMode.DEFAULT);
        }
        ObjectNode spec = service.putObject("spec");
        spec.put("type", "ClusterIP");
        spec.putArray("ports").addObject().put("name", EgressGatewayIdentity.PORT_NAME).put("protocol", "TCP")
                .put("port", gateway.port()).put("targetPort", gateway.port());
        return service;
    }

    /** The Endpoints, keeping the annotations and labels {@code stored} (null: none yet) has. */
    static ObjectNode endpoints(EmbeddedEgressGateway gateway, JsonNode stored) {
        ObjectNode endpoints = object("Endpoints", stored);
        if (!gateway.endpointAddresses().isEmpty()) {
            ObjectNode subset = endpoints.putArray("subsets").addObject();
            ArrayNode addresses = subset.putArray("addresses");
            gateway.endpointAddresses().forEach(ip -> addresses.addObject().put("ip", ip));
            subset.putArray("ports").addObject().put("name", EgressGatewayIdentity.PORT_NAME)
                    .put("port", gateway.port()).put("protocol", "TCP");
        }
        return endpoints;
    }

    /**
     * A new object with the keeper's annotation and label, plus the labels and annotations a user gave the
     * stored one (theirs to choose: what they select or note does not change the gateway).
     */
    private static ObjectNode object(String kind, JsonNode stored) {
        ObjectNode object = KEEPER.object(kind, NAMESPACE, NAME);
        if (stored != null) {
            ObjectNode metadata = (ObjectNode) object.get("metadata");
            for (String field : new String[] {"labels", "annotations"}) {
                if (stored.path("metadata").path(field) instanceof ObjectNode kept) {
                    ObjectNode merged = kept.deepCopy();
                    merged.setAll((ObjectNode) metadata.get(field));
                    metadata.set(field, merged);
                }
            }
        }
        return object;
    }
}
