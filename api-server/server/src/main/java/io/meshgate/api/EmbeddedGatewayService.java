package io.meshgate.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshgate.db.ResourceStore;
import io.meshgate.resources.MeshConfigDefaults;
import io.meshgate.resources.ResourceCodec;
import io.meshgate.resources.schema.IpAddresses;

/**
 * Keeps Service {@code fsm-system/fsm-ingress} and its Endpoints describing the {@link EmbeddedGateway},
 * at every start of the control plane (the gateway's addresses and ports only change with a restart):
 *
 * <ul>
 *   <li>the Service: type {@code LoadBalancer}, no selector, ports {@code http} and {@code https} (the
 *       gateway's own ports: in standalone mode clients reach it at the public address directly, so the
 *       seed's {@code kubectl get service fsm-ingress} gives the address and port to call), a cluster IP
 *       like any Service, {@code status.loadBalancer.ingress[0]} = the public address;</li>
 *   <li>its Endpoints: the gateway's source addresses at those ports, so an IngressBackend naming the
 *       Service admits the gateway's connections and nobody else's.</li>
 * </ul>
 * Both carry the annotation {@value #MANAGED_BY}: {@value #MANAGER}; an object of that name without it
 * was written by a client and is left as it is (the operator declared the gateway). Writes are audited
 * as {@value #ACTOR_NAME} and happen only when something differs.
 */
final class EmbeddedGatewayService {
    static final String NAMESPACE = MeshConfigDefaults.NAMESPACE;
    static final String NAME = "fsm-ingress";
    static final String ACTOR_NAME = "system:embedded-gateway";
    static final String MANAGED_BY = EndpointsController.MANAGED_BY;
    static final String MANAGER = "embedded-gateway";

    private static final ManagedSystemObject KEEPER = new ManagedSystemObject(ACTOR_NAME, MANAGER,
            "the ingress gateway");

    private EmbeddedGatewayService() {}

    /** Writes what differs from {@code gateway}'s Service and Endpoints; nothing for a null gateway. */
    static void ensure(ResourceStore store, ResourceWrites writes, ResourceCodec codec, EmbeddedGateway gateway) {
        if (gateway == null) {
            return;
        }
        KEEPER.ensure(store, writes, codec, "Service", NAMESPACE, NAME, stored -> service(gateway));
        KEEPER.ensure(store, writes, codec, "Endpoints", NAMESPACE, NAME, stored -> endpoints(gateway));
    }

    static ObjectNode service(EmbeddedGateway gateway) {
        ObjectNode service = object("Service");
        ObjectNode spec = service.putObject("spec");
        spec.put("type", "LoadBalancer");
        ArrayNode ports = spec.putArray("ports");
        ports.addObject().put("name", "http").put("protocol", "TCP").put("port", gateway.httpPort())
                .put("targetPort", gateway.httpPort());
        ports.addObject().put("name", "https").put("protocol", "TCP").put("port", gateway.httpsPort())
                .put("targetPort", gateway.httpsPort());
        String address = EmbeddedGateway.unbracketed(gateway.publicAddress());
        service.putObject("status").putObject("loadBalancer").putArray("ingress").addObject()
                .put(IpAddresses.isIp(address) ? "ip" : "hostname", address);
        return service;
    }

    static ObjectNode endpoints(EmbeddedGateway gateway) {
        ObjectNode endpoints = object("Endpoints");
        if (!gateway.sourceAddresses().isEmpty()) {
            ObjectNode subset = endpoints.putArray("subsets").addObject();
            ArrayNode addresses = subset.putArray("addresses");
            gateway.sourceAddresses().forEach(ip -> addresses.addObject().put("ip", ip));
            ArrayNode ports = subset.putArray("ports");
            ports.addObject().put("name", "http").put("port", gateway.httpPort()).put("protocol", "TCP");
            ports.addObject().put("name", "https").put("port", gateway.httpsPort()).put("protocol", "TCP");
        }
        return endpoints;
    }

    private static ObjectNode object(String kind) {
        return KEEPER.object(kind, NAMESPACE, NAME);
    }
}
