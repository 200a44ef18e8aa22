package io.meshgate.console.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Query of {@code GET /api/v1/audit}; null or blank fields are left out.
 *
 * @param kind      resource kind, e.g. Ingress
 * @param namespace namespace
 * @param name      object name
 * @param actor     token name that made the change
 * @param verb      create, update, delete, revert, rejected ...
 * @param since     RFC 3339 instant, inclusive
 * @param until     RFC 3339 instant
 * @param limit     page size (0 = the API's default)
 * @param continueToken the previous page's {@code continue}
 */
public record AuditFilter(String kind, String namespace, String name, String actor, String verb,
                          String since, String until, int limit, String continueToken) {

    /** Everything, newest first, the API's default page size. */
    public static AuditFilter all() {
        return new AuditFilter(null, null, null, null, null, null, null, 0, null);
    }

    public AuditFilter withLimit(int pageSize) {
        return new AuditFilter(kind, namespace, name, actor, verb, since, until, pageSize, continueToken);
    }

    public AuditFilter withContinue(String token) {
        return new AuditFilter(kind, namespace, name, actor, verb, since, until, limit, token);
    }

    /** The query parameters to send. */
    Map<String, String> parameters() {
        Map<String, String> p = new LinkedHashMap<>();
        put(p, "kind", kind);
        put(p, "namespace", namespace);
        put(p, "name", name);
        put(p, "actor", actor);
        put(p, "verb", verb);
        put(p, "since", since);
        put(p, "until", until);
        if (limit > 0) {
            p.put("limit", String.valueOf(limit));
        }
        put(p, "continue", continueToken);
        return p;
    }

    private static void put(Map<String, String> p, String key, String value) {
        if (value != null && !value.isBlank()) {
            p.put(key, value.trim());
        }
    }
}
