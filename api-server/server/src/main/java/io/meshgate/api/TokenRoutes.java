package io.meshgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshgate.db.ConflictException;
import io.meshgate.db.Role;
import io.meshgate.db.TokenInfo;
import io.meshgate.db.TokenStore;

import java.util.List;

/** {@code /api/v1/tokens} (admin only): create (token shown once), list (no secrets), delete. */
final class TokenRoutes {
    private final TokenStore tokens;

    TokenRoutes(TokenStore tokens) {
        this.tokens = tokens;
    }

    void handle(Exchange ex, List<String> rest) {
        ex.caller.require(Role.ADMIN);
        if (rest.isEmpty() && ex.method.equals("POST")) {
            create(ex);
        } else if (rest.isEmpty() && ex.method.equals("GET")) {
            list(ex);
        } else if (rest.size() == 1 && ex.method.equals("DELETE")) {
            if (!tokens.delete(rest.get(0))) {
                throw ApiException.notFound("token '" + rest.get(0) + "' not found");
            }
            ex.sendNoContent();
        } else if (rest.size() <= 1) {
            throw ApiException.methodNotAllowed(ex.method);
        } else {
            throw ApiException.notFound("no such path");
        }
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
            token = tokens.create(name, role);
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
