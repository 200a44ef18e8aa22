package io.meshgate.console.forms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshgate.console.api.Json;
import io.meshgate.resources.IngressAnnotations;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the Ingress form edits, as plain values: rules flattened to one row per path, one TLS entry,
 * and the {@code pipy.ingress.kubernetes.io/*} annotations by short name. {@link #build()} turns it
 * back into the object to PUT, starting from the loaded object so that everything the form does
 * not show (labels, other annotations, the default backend, further TLS entries) is kept.
 */
public final class IngressDraft {
    /** Form field ids of the annotations, by short name (stable ids for browser tests). */
    public static final Map<String, String> ANNOTATION_FIELDS = annotationFields();

    /** One path of one rule. Port is a number or a port name; pathType Prefix, Exact or ImplementationSpecific. */
    public static final class Row {
        public String host = "";
        public String path = "/";
        public String pathType = "Prefix";
        public String service = "";
        public String port = "";

        public Row() { }

        public Row(String host, String path, String pathType, String service, String port) {
            this.host = host;
            this.path = path;
            this.pathType = pathType;
            this.service = service;
            this.port = port;
        }
    }

    /**
     * The object to send and where each of its paths is shown in the form.
     *
     * @param object  the Ingress as JSON
     * @param targets field paths to form field ids
     */
    public record Built(ObjectNode object, FieldErrorTargets targets) { }

    public String namespace = "default";
    public String name = "";
    public String ingressClass = "";
    public final List<Row> rows = new ArrayList<>();
    public String tlsHosts = "";
    public String tlsSecret = "";
    /** Values by short annotation name; "" means unset (the annotation is left out). */
    public final Map<String, String> annotations = new LinkedHashMap<>();
    private final ObjectNode original;

    private IngressDraft(ObjectNode original) {
        this.original = original;
        for (IngressAnnotations.Entry e : IngressAnnotations.ALL) {
            annotations.put(e.shortName(), "");
        }
    }

    /** A new Ingress with one empty rule. */
    public static IngressDraft empty() {
        IngressDraft d = new IngressDraft(null);
        d.rows.add(new Row());
        return d;
    }

    /** The form values of a stored Ingress. */
    public static IngressDraft from(JsonNode ingress) {
        IngressDraft d = new IngressDraft(ingress.deepCopy());
        JsonNode meta = ingress.path("metadata");
        d.namespace = meta.path("namespace").asText("default");
        d.name = meta.path("name").asText("");
        JsonNode spec = ingress.path("spec");
        d.ingressClass = spec.path("ingressClassName").asText("");
        for (JsonNode rule : spec.path("rules")) {
            String host = rule.path("host").asText("");
            for (JsonNode p : rule.path("http").path("paths")) {
                JsonNode port = p.path("backend").path("service").path("port");
                d.rows.add(new Row(host, p.path("path").asText(""), p.path("pathType").asText("Prefix"),
                        p.path("backend").path("service").path("name").asText(""),
                        port.has("number") ? port.path("number").asText() : port.path("name").asText("")));
            }
            if (!rule.path("http").path("paths").elements().hasNext()) {
                d.rows.add(new Row(host, "/", "Prefix", "", ""));
            }
        }
        JsonNode tls = spec.path("tls").path(0);
        List<String> hosts = new ArrayList<>();
        tls.path("hosts").forEach(h -> hosts.add(h.asText()));
        d.tlsHosts = String.join(", ", hosts);
        d.tlsSecret = tls.path("secretName").asText("");
        for (Iterator<Map.Entry<String, JsonNode>> it = meta.path("annotations").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> a = it.next();
            if (a.getKey().startsWith(IngressAnnotations.PREFIX)) {
                d.annotations.put(a.getKey().substring(IngressAnnotations.PREFIX.length()), a.getValue().asText());
            }
        }
        return d;
    }

    /** The stored {@code resourceVersion} this draft started from ("" for a new object). */
    public String resourceVersion() {
        return original == null ? "" : original.path("metadata").path("resourceVersion").asText("");
    }

    public boolean isNew() {
        return original == null;
    }

    /** The full annotation map the object will carry ({@code pipy} ones from the form, others kept). */
    public Map<String, String> allAnnotations() {
        Map<String, String> all = new LinkedHashMap<>();
        if (original != null) {
            original.path("metadata").path("annotations").fields().forEachRemaining(a -> {
                if (!a.getKey().startsWith(IngressAnnotations.PREFIX)) {
                    all.put(a.getKey(), a.getValue().asText());
                }
            });
        }
        annotations.forEach((k, v) -> {
            if (v != null && !v.isBlank()) {
                all.put(IngressAnnotations.PREFIX + k, v.trim());
            }
        });
        return all;
    }

    /** The Ingress to send, and where each path of it is shown in the form. */
    public Built build() {
        FieldErrorTargets targets = new FieldErrorTargets()
                .register("metadata.name", "ingress-name")
                .register("metadata.namespace", "ingress-namespace")
                .register("spec.ingressClassName", "ingress-class")
                .register("spec.tls[0].hosts", "tls-hosts")
                .register("spec.tls[0].secretName", "tls-secret")
                .register("spec.tls", "tls-hosts")
                .register("spec.rules", "rule-0-host");
        ObjectNode o = original == null ? Json.MAPPER.createObjectNode() : original.deepCopy();
        o.remove("status");
        o.put("apiVersion", "networking.k8s.io/v1");
        o.put("kind", "Ingress");
        ObjectNode meta = o.withObjectProperty("metadata");
        meta.put("name", name.trim());
        meta.put("namespace", namespace.trim().isEmpty() ? "default" : namespace.trim());
        ObjectNode annotationNode = Json.MAPPER.createObjectNode();
        allAnnotations().forEach(annotationNode::put);
        if (annotationNode.isEmpty()) {
            meta.remove("annotations");
        } else {
            meta.set("annotations", annotationNode);
        }
        ANNOTATION_FIELDS.forEach((shortName, field) ->
                targets.register("metadata.annotations[" + IngressAnnotations.PREFIX + shortName + "]", field));

        ObjectNode spec = o.withObjectProperty("spec");
        if (ingressClass.isBlank()) {
            spec.remove("ingressClassName");
        } else {
            spec.put("ingressClassName", ingressClass.trim());
        }
        spec.set("rules", rules(targets));
        buildTls(spec);
        return new Built(o, targets);
    }

    /** Consecutive rows with the same host become one rule with several paths. */
    private ArrayNode rules(FieldErrorTargets targets) {
        ArrayNode rules = Json.MAPPER.createArrayNode();
        ObjectNode rule = null;
        String ruleHost = null;
        int ruleIndex = -1;
        int pathIndex = 0;
        for (int k = 0; k < rows.size(); k++) {
            Row row = rows.get(k);
            String host = row.host.trim();
            if (rule == null || !Objects.equals(host, ruleHost)) {
                rule = rules.addObject();
                ruleHost = host;
                ruleIndex++;
                pathIndex = 0;
                if (!host.isEmpty()) {
                    rule.put("host", host);
                }
                targets.register("spec.rules[" + ruleIndex + "]", "rule-" + k + "-host");
                targets.register("spec.rules[" + ruleIndex + "].host", "rule-" + k + "-host");
            }
            ObjectNode path = rule.withObjectProperty("http").withArrayProperty("paths").addObject();
            path.put("path", row.path.trim());
            path.put("pathType", row.pathType);
            ObjectNode service = path.putObject("backend").putObject("service");
            service.put("name", row.service.trim());
            String port = row.port.trim();
            if (!port.isEmpty() && port.chars().allMatch(Character::isDigit) && port.length() <= 9) {
                service.putObject("port").put("number", Integer.parseInt(port));
            } else {
                service.putObject("port").put("name", port);
            }
            String prefix = "spec.rules[" + ruleIndex + "].http.paths[" + pathIndex + "]";
            targets.register(prefix, "rule-" + k + "-path");
            targets.register(prefix + ".path", "rule-" + k + "-path");
            targets.register(prefix + ".pathType", "rule-" + k + "-path-type");
            targets.register(prefix + ".backend.service.name", "rule-" + k + "-service");
            targets.register(prefix + ".backend.service.port", "rule-" + k + "-port");
            targets.register(prefix + ".backend", "rule-" + k + "-service");
            pathIndex++;
        }
        return rules;
    }

    private void buildTls(ObjectNode spec) {
        List<String> hosts = Arrays.stream(tlsHosts.split("[,\\s]+")).map(String::trim).filter(h -> !h.isEmpty())
                .toList();
        ArrayNode kept = Json.MAPPER.createArrayNode();
        JsonNode old = spec.path("tls");
        for (int i = 1; i < old.size(); i++) {
            kept.add(old.get(i));
        }
        ArrayNode tls = Json.MAPPER.createArrayNode();
        if (!hosts.isEmpty() || !tlsSecret.isBlank()) {
            ObjectNode first = tls.addObject();
            ArrayNode h = first.putArray("hosts");
            hosts.forEach(h::add);
            if (!tlsSecret.isBlank()) {
                first.put("secretName", tlsSecret.trim());
            }
        }
        tls.addAll(kept);
        if (tls.isEmpty()) {
            spec.remove("tls");
        } else {
            spec.set("tls", tls);
        }
    }

    private static Map<String, String> annotationFields() {
        Map<String, String> m = new LinkedHashMap<>();
        for (IngressAnnotations.Entry e : IngressAnnotations.ALL) {
            String field = switch (e.shortName()) {
                case "rewrite-target-from" -> "rewrite-from";
                case "rewrite-target-to" -> "rewrite-to";
                default -> e.shortName();
            };
            m.put(e.shortName(), field);
        }
        return Map.copyOf(m);
    }
}
