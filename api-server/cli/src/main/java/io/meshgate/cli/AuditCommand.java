package io.meshgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code audit}: the change history, newest first, as a table. {@code -n} filters only when given
 * (the history of every namespace is the useful default).
 */
@Command(name = "audit", description = "List audited changes, newest first.",
        subcommands = AuditShowCommand.class)
final class AuditCommand extends ApiCommand {
    @Option(names = "--kind", paramLabel = "KIND", description = "only this kind (plural, singular or Kind)")
    String kind;

    @Option(names = "--name", paramLabel = "NAME")
    String name;

    @Option(names = "--actor", paramLabel = "ACTOR", description = "only changes by this token name")
    String actor;

    @Option(names = "--verb", paramLabel = "VERB", description = "create, update, delete, revert, rejected or status")
    String verb;

    @Option(names = "--limit", paramLabel = "N", description = "at most N rows (default 50)")
    int limit = 50;

    @Override
    void run() {
        if (limit <= 0) {
            throw usage("--limit must be positive");
        }
        Map<String, String> query = new LinkedHashMap<>();
        query.put("kind", kind == null ? null : catalog().find(kind).map(KindRef::kind).orElse(kind));
        query.put("namespace", namespaceGiven() ? namespace() : null);
        query.put("name", name);
        query.put("actor", actor);
        query.put("verb", verb);
        query.put("limit", String.valueOf(limit));
        JsonNode page = api().get(ApiClient.withQuery("/api/v1/audit", query));
        List<JsonNode> rows = new java.util.ArrayList<>();
        page.path("items").forEach(rows::add);
        if (rows.isEmpty()) {
            ctx().err().println("No audit records found.");
            return;
        }
        AuditTable.of(rows).render().forEach(out()::println);
    }
}
