package io.meshgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshgate.db.ConflictException;
import io.meshgate.db.Role;
import io.meshgate.db.TokenInfo;
import io.meshgate.db.TokenStore;

import java.util.List;


/**
 * {@code /api/v1/tokens} (admin only): create (token shown once), list (no secrets), delete. Every
 * request here is refused with 403 to non-admins before anything else, wrong paths and methods
 * included: who may not manage tokens learns nothing about this part of the API.
 */
final class TokenService implements EndpointsService {
    private final TokenStore tokens;
    private final Endpoints endpoints;

    TokenService(TokenStore tokens) {
        this.tokens = tokens;
        this.endpoints = Endpoints.builder()
                .path("/").post(adminOnly(this::create)).get(adminOnly(this::list))
                .otherMethods(adminOnly(Endpoints.METHOD_NOT_ALLOWED))
                .path("/{name}").delete(adminOnly(this::delete))
                .otherMethods(adminOnly(Endpoints.METHOD_NOT_ALLOWED))
                .otherPaths(adminOnly(ex -> {
                    throw ApiException.notFound("no such path");
                }))
                .build();
    }

    @Override
    public String mountPath() {
        return "/api/v1/tokens";
    }

    @Override
    public Endpoints endpoints() {
        return endpoints;
    }

    private static ExchangeHandler adminOnly(ExchangeHandler handler) {
        return ex -> {
            ex.caller.require(Role.ADMIN);
            handler.handle(ex);
        };
    }

    private void delete(Exchange ex) {
        String name = ex.pathParam("name").orElseThrow();
        if (!tokens.delete(ex.caller.actor(), name)) {
            throw ApiException.notFound("token '" + name + "' not found");
        }
        ex.sendNoContent();
    }

    private void create(Exchange ex) {
        JsonNode body = Jsons.read(ex.body());
        String name = ApiException.requiredText(body, "name");
        String roleText = ApiException.requiredText(body, "role");
        Role role;
        try {
            role = Role.parse(roleText);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("unknown role", List.of(ApiException.Detail.of("role",
                    "Unsupported value: \"" + roleText + "\": supported values: \"viewer\", \"editor\", \"admin\"")));
        }
        String token;
        try {
            token = tokens.create(ex.caller.actor(), name, role);
        } catch (ConflictException e) {
            throw ApiException.conflict(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("invalid token name", List.of(ApiException.Detail.of("name", e.getMessage())));
        }
        ObjectNode out = Jsons.MAPPER.createObjectNode();
        out.put("name", name);
        out.put("role", role.wireName());
        out.put("token", token);
        ex.sendJson(201, out);
    }


    private void list(Exchange ex) {
        ObjectNode out = Jsons.MAPPER.createObjectNode();
        ArrayNode items = out.putArray("items");
        for (TokenInfo t : tokens.list()) {
            ObjectNode item = items.addObject();
            item.put("name", t.name());
            item.put("role", t.role().wireName());
            item.put("createdAt", t.createdAt().toString());
            item.put("expiresAt", t.expiresAt() == null ? null : t.expiresAt().toString());
            item.put("lastUsedAt", t.lastUsedAt() == null ? null : t.lastUsedAt().toString());
        }
        ex.sendJson(200, out);
    }
}
