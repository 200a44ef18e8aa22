package io.meshgate.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code get}'s default output: NAME, NAMESPACE (namespaced kinds), a few columns that matter for
 * the kind, AGE; {@code -o wide} adds RESOURCE-VERSION and LABELS.
 */
final class ResourceTable {
    private ResourceTable() {}

    static TextTable of(KindRef kind, List<JsonNode> objects, boolean wide, Instant now) {
        List<String> headers = new ArrayList<>(List.of("NAME"));
        if (kind.namespaced()) {
            headers.add("NAMESPACE");
        }
        List<String> extra = extraHeaders(kind.kind());
        headers.addAll(extra);
        headers.add("AGE");
        if (wide) {
            headers.add("RESOURCE-VERSION");
            headers.add("LABELS");
        }
        TextTable table = new TextTable(headers);
        for (JsonNode o : objects) {
            JsonNode meta = o.path("metadata");
            List<String> row = new ArrayList<>(List.of(meta.path("name").asText()));
            if (kind.namespaced()) {
                row.add(meta.path("namespace").asText());
            }
            row.addAll(extraCells(kind.kind(), o));
            row.add(Ages.since(meta.path("creationTimestamp").asText(null), now));
            if (wide) {
                row.add(meta.path("resourceVersion").asText());
                row.add(labels(meta.path("labels")));
            }
            table.row(row);
        }
        return table;
    }

    private static List<String> extraHeaders(String kind) {
        return switch (kind) {
            case "Secret" -> List.of("TYPE", "DATA");
            case "Ingress" -> List.of("CLASS", "HOSTS");
            case "Service" -> List.of("TYPE", "PORT(S)");
            case "IngressBackend" -> List.of("BACKENDS");
            case "ConfigMap" -> List.of("DATA");
            default -> List.of();
        };
    }

    private static List<String> extraCells(String kind, JsonNode o) {
        JsonNode spec = o.path("spec");
        return switch (kind) {
            case "Secret" -> List.of(o.path("type").asText("Opaque"),
                    String.valueOf(o.path("data").size() + o.path("stringData").size()));
            case "Ingress" -> List.of(spec.path("ingressClassName").asText(), hosts(spec));
            case "Service" -> List.of(spec.path("type").asText("ClusterIP"), ports(spec));
            case "IngressBackend" -> List.of(names(spec.path("backends")));
            case "ConfigMap" -> List.of(String.valueOf(o.path("data").size()));
            default -> List.of();
        };
    }

    private static String hosts(JsonNode spec) {
        Set<String> hosts = new LinkedHashSet<>();
        for (JsonNode rule : spec.path("rules")) {
            hosts.add(rule.path("host").asText("*"));
        }
        return hosts.isEmpty() ? "*" : String.join(",", hosts);
    }

    private static String ports(JsonNode spec) {
        List<String> ports = new ArrayList<>();
        for (JsonNode p : spec.path("ports")) {
            ports.add(p.path("port").asText() + "/" + p.path("protocol").asText("TCP"));
        }
        return String.join(",", ports);
    }

    private static String names(JsonNode items) {
        List<String> names = new ArrayList<>();
        items.forEach(i -> names.add(i.path("name").asText()));
        return String.join(",", names);
    }

    private static String labels(JsonNode labels) {
        List<String> pairs = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = labels.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            pairs.add(e.getKey() + "=" + e.getValue().asText());
        }
        return String.join(",", pairs);
    }
}
