package io.meshgate.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshgate.db.Role;
import io.meshgate.resources.KindInfo;
import io.meshgate.resources.KindRegistry;

import java.util.Locale;

/**
 * {@code GET /api/v1}: the kinds this server serves, shaped like Kubernetes' APIResourceList, so a
 * client (the CLI) resolves {@code ingress}, {@code Ingress} or {@code ingresses} and learns the scope
 * and group of a kind from the server instead of a copied table. It serves {@code /api/v1} itself
 * only; the paths below belong to the other services mounted there.
 */
final class DiscoveryService implements EndpointsService {
    private final ObjectNode body;
    private final Endpoints endpoints;

    DiscoveryService(KindRegistry kinds) {
        body = Jsons.MAPPER.createObjectNode();
        body.put("kind", "APIResourceList");
        body.put("groupVersion", "v1");
        ArrayNode resources = body.putArray("resources");
        for (KindInfo info : kinds.kinds()) {
            ObjectNode r = resources.addObject();
            r.put("name", info.plural());
            r.put("singularName", info.kind().toLowerCase(Locale.ROOT));
            r.put("kind", info.kind());
            r.put("namespaced", info.namespaced());
            r.put("group", info.group());
            r.put("apiVersion", info.preferredApiVersion());
        }
        endpoints = Endpoints.builder()
                .path("/").get(this::discover)
                .build();
    }

    @Override
    public String mountPath() {
        return "/api/v1";
    }

    @Override
    public Endpoints endpoints() {
        return endpoints;
    }

    private void discover(Exchange ex) {
        ex.caller.require(Role.VIEWER);
        ex.sendJson(200, body);
    }
}
