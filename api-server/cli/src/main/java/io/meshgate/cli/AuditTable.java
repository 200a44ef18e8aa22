package io.meshgate.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** Audit rows as printed by {@code audit} and {@code audit show}. */
final class AuditTable {
    private AuditTable() {}

    static TextTable of(List<JsonNode> rows) {
        TextTable table = new TextTable(List.of("ID", "TIME", "ACTOR", "VERB", "KIND", "NAMESPACE/NAME", "VERSION"));
        for (JsonNode r : rows) {
            table.row(List.of(r.path("id").asText(), r.path("at").asText(), r.path("actor").asText(),
                    r.path("verb").asText(), r.path("kind").asText(""), object(r), r.path("resourceVersion").asText("")));
        }
        return table;
    }

    /** {@code ns/name}, or just the name for cluster-scoped kinds, or empty for non-resource rows. */
    static String object(JsonNode r) {
        String ns = r.path("namespace").asText("");
        String name = r.path("name").asText("");
        if (name.isEmpty()) {
            return "";
        }
        return ns.isEmpty() ? name : ns + "/" + name;
    }

    /** {@code audit show}: the row's fields, then its RFC 6902 patch one operation a line. */
    static List<String> details(JsonNode r) {
        List<String> lines = new ArrayList<>();
        lines.add("ID:       " + r.path("id").asText());
        lines.add("Time:     " + r.path("at").asText());
        lines.add("Actor:    " + r.path("actor").asText() + sourceOf(r));
        lines.add("Verb:     " + r.path("verb").asText());
        lines.add("Kind:     " + r.path("kind").asText(""));
        lines.add("Object:   " + object(r));
        lines.add("Version:  " + r.path("resourceVersion").asText(""));
        String message = r.path("message").asText("");
        if (!message.isEmpty()) {
            lines.add("Message:  " + message);
        }
        lines.add("Hash:     " + r.path("hash").asText(""));
        JsonNode patch = r.path("patch");
        if (patch.isArray() && !patch.isEmpty()) {
            lines.add("Patch:");
            patch.forEach(op -> lines.add("  " + Json.write(op)));
        } else {
            lines.add("Patch:    <none>");
        }
        return lines;
    }

    private static String sourceOf(JsonNode r) {
        String source = r.path("sourceAddress").asText("");
        return source.isEmpty() ? "" : " (from " + source + ")";
    }
}
