package io.meshgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshgate.db.ConflictException;
import io.meshgate.db.Role;
import io.meshgate.db.TokenBinding;
import io.meshgate.db.TokenInfo;
import io.meshgate.db.TokenStore;
import io.meshgate.resources.schema.Format;
import io.meshgate.resources.schema.Formats;

import java.util.List;


/**
 * {@code /api/v1/tokens} (admin only): create (token shown once), list (no secrets), delete. Every
 * request here is refused with 403 to non-admins before anything else, wrong paths and methods
 * included: who may not manage tokens learns nothing about this part of the API. A token of role
 * {@code sidecar} names the {@code namespace} and {@code serviceAccount} whose workloads it may
 * register ({@link WorkloadService}); no other role takes them.
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
                    "Unsupported value: \"" + roleText + "\": supported values: \"viewer\", \"editor\", \"admin\","
                            + " \"sidecar\"")));
        }
        TokenBinding binding = binding(body, role);
        String token;
        try {
            token = binding == null ? tokens.create(ex.caller.actor(), name, role)
                    : tokens.createSidecar(ex.caller.actor(), name, binding);
        } catch (ConflictException e) {
            throw ApiException.conflict(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("invalid token name", List.of(ApiException.Detail.of("name", e.getMessage())));
        }
        ObjectNode out = Jsons.MAPPER.createObjectNode();
        out.put("name", name);
        out.put("role", role.wireName());
        putBinding(out, binding);
        out.put("token", token);
        ex.sendJson(201, out);
    }

    /**
     * The workload identity of a sidecar token: {@code namespace} (a namespace name) and
     * {@code serviceAccount} (a service account name), both required; other roles take neither.
     */
    private static TokenBinding binding(JsonNode body, Role role) {
        if (role != Role.SIDECAR) {
            List<ApiException.Detail> errors = new java.util.ArrayList<>();
            for (String field : List.of("namespace", "serviceAccount")) {
                if (body.hasNonNull(field)) {
                    errors.add(ApiException.Detail.of(field, "Forbidden: only a token of role sidecar is bound to a"
                            + " namespace and service account"));
                }
            }
            if (!errors.isEmpty()) {
                throw ApiException.invalid("a " + role.wireName() + " token is not bound to a workload identity", errors);
            }
            return null;
        }
        List<ApiException.Detail> errors = new java.util.ArrayList<>();
        String namespace = checkedName(body, "namespace", Formats.DNS1123_LABEL, errors);
        String serviceAccount = checkedName(body, "serviceAccount", Formats.DNS1123_SUBDOMAIN, errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid("a sidecar token needs the namespace and service account of its workloads",
                    errors);
        }
        return new TokenBinding(namespace, serviceAccount);
    }

    private static String checkedName(JsonNode body, String field, Format format, List<ApiException.Detail> errors) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            errors.add(ApiException.Detail.of(field, "Required value: a non-empty string"));
            return null;
        }
        format.problem(value.asText()).ifPresent(problem -> errors.add(ApiException.Detail.of(field,
                "Invalid value: \"" + value.asText() + "\": " + problem)));
        return value.asText();
    }

    private static void putBinding(ObjectNode out, TokenBinding binding) {
        if (binding != null) {
            out.put("namespace", binding.namespace());
            out.put("serviceAccount", binding.serviceAccount());
        }
    }


    private void list(Exchange ex) {
        ObjectNode out = Jsons.MAPPER.createObjectNode();
        ArrayNode items = out.putArray("items");
        for (TokenInfo t : tokens.list()) {
            ObjectNode item = items.addObject();
            item.put("name", t.name());
            item.put("role", t.role().wireName());
            putBinding(item, t.binding());
            item.put("createdAt", t.createdAt().toString());
            item.put("expiresAt", t.expiresAt() == null ? null : t.expiresAt().toString());
            item.put("lastUsedAt", t.lastUsedAt() == null ? null : t.lastUsedAt().toString());
        }
        ex.sendJson(200, out);
    }
}
