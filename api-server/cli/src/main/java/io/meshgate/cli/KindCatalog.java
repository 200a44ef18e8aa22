package io.meshgate.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The kinds the server serves, read once from its discovery document ({@code GET /api/v1}), so the
 * CLI accepts a kind by plural, singular or Kind name in any case without a table of its own.
 */
final class KindCatalog {
    private final List<KindRef> kinds;

    KindCatalog(List<KindRef> kinds) {
        this.kinds = List.copyOf(kinds);
    }

    /** Reads discovery from the server. */
    static KindCatalog fetch(ApiClient api) {
        return parse(api.get("/api/v1"));
    }

    static KindCatalog parse(JsonNode discovery) {
        List<KindRef> kinds = new ArrayList<>();
        for (JsonNode r : discovery.path("resources")) {
            kinds.add(new KindRef(r.path("kind").asText(), r.path("name").asText(), r.path("namespaced").asBoolean(true),
                    r.path("group").asText("")));
        }
        return new KindCatalog(kinds);
    }

    /** Finds a kind named as on kubectl's command line: {@code ingresses}, {@code ingress}, {@code Ingress}. */
    Optional<KindRef> find(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        // "ingress.networking.k8s.io" names the kind with its group, as kubectl prints it
        int dot = lower.indexOf('.');
        String bare = dot < 0 ? lower : lower.substring(0, dot);
        String group = dot < 0 ? null : lower.substring(dot + 1);
        return kinds.stream()
                .filter(k -> group == null || k.group().equals(group))
                .filter(k -> k.plural().equals(bare) || k.kind().toLowerCase(Locale.ROOT).equals(bare))
                .findFirst();
    }

    /** The kind with exactly this Kind name (from an apply result or an audit row). */
    Optional<KindRef> byKind(String kind) {
        return kinds.stream().filter(k -> k.kind().equals(kind)).findFirst();
    }

    /**
     * The kind the user named; a name the server did not list is passed through as a plural so the
     * server's own 404 problem (which lists the kinds it knows) is what the user sees.
     */
    KindRef resolve(String name) {
        return find(name).orElseGet(() -> new KindRef(name, name.toLowerCase(Locale.ROOT), true, ""));
    }

    /** kubectl's message name for a Kind from a result row, falling back to the lowercase kind. */
    String qualifiedName(String kind) {
        return byKind(kind).map(KindRef::qualifiedName).orElse(kind.toLowerCase(Locale.ROOT));
    }

    List<KindRef> kinds() {
        return kinds;
    }
}
