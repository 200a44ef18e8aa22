package io.meshgate.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshgate.db.Role;


/** {@code GET /api/v1/whoami}: the caller's token name and role, so a client (the console) can adapt. */
final class WhoamiService implements EndpointsService {
    private final Endpoints endpoints = Endpoints.builder()
            .path("/").get(WhoamiService::whoami)
            .otherPaths(Endpoints.NO_SUCH_PATH)
            .build();

    @Override
    public String mountPath() {
        return "/api/v1/whoami";
    }

    @Override
    public Endpoints endpoints() {
        return endpoints;
    }

    private static void whoami(Exchange ex) {
        ex.caller.require(Role.VIEWER);
        ObjectNode body = Jsons.MAPPER.createObjectNode();
        body.put("name", ex.caller.actor().name());
        body.put("role", ex.caller.role().wireName());
        ex.sendJson(200, body);
    }
}
