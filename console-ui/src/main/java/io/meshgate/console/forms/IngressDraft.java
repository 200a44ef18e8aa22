package io.meshgate.console.forms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshgate.console.api.Json;
import io.meshgate.resources.annotations.IngressAnnotation;
import io.meshgate.resources.annotations.IngressAnnotation.EditedOn;
import io.meshgate.resources.annotations.IngressAnnotationTable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What the Ingress form edits, as plain values: rules flattened to one row per path, one row per
 * {@code spec.tls} entry, and the annotations the annotation table puts on the Ingress form
 * ({@link #ANNOTATIONS}: FSM's {@code pipy.ingress.kubernetes.io/*} ones) by short name.
 * {@link #build()} turns it back into the object to PUT, starting from the loaded object so that
 * everything the form does not show (labels, other annotations, the default backend) is kept.
 */
public final class IngressDraft {
    /** The annotations the form edits, in the annotation table's order. */
    public static final List<IngressAnnotation<?>> ANNOTATIONS = IngressAnnotationTable.editedOn(EditedOn.INGRESS_FORM);
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

    /** One {@code spec.tls} entry: hosts as the user types them (comma- or space-separated) and the Secret name. */
    public static final class TlsRow {
        public String hosts = "";
        public String secret = "";

        public TlsRow() { }

        public TlsRow(String hosts, String secret) {
            this.hosts = hosts;
            this.secret = secret;
        }

        /** The hosts as a list, blanks dropped. */
        public List<String> hostList() {
            return Arrays.stream(hosts.split("[,\\s]+")).map(String::trim).filter(h -> !h.isEmpty()).toList();
        }

        /** A row with neither hosts nor Secret: it adds no entry to the object. */
        public boolean isBlank() {
            return hostList().isEmpty() && secret.isBlank();
        }
    }

    /**
     * Advice for one form field that does not stop a save (the API accepts it, but it is likely a mistake).
     *
     * @param fieldId the form field id
     * @param message what looks wrong
     */
    public record Warning(String fieldId, String message) { }

    /**
     * The object to send and where each of its paths is shown in the form.
     *
     * @param object  the Ingress as JSON
     * @param targets field paths to form field ids
     */
    public record Built(ObjectNode object, FieldErrorTargets targets) { }

    public String namespace = "default";
    public String name = "";
    public String ingressClass = "pipy"; // a new Ingress is for Meshgate unless the user says otherwise
    public final List<Row> rows = new ArrayList<>();
    /** One row per {@code spec.tls} entry; the form always shows at least one (blank = no TLS). */
    public final List<TlsRow> tls = new ArrayList<>();
    /** Values by short annotation name; "" means unset (the annotation is left out). */
    public final Map<String, String> annotations = new LinkedHashMap<>();
    private final ObjectNode original;

    private IngressDraft(ObjectNode original) {
        this.original = original;
        for (IngressAnnotation<?> a : ANNOTATIONS) {
            annotations.put(a.shortName(), "");
        }
    }

    /** A new Ingress with one empty rule. */
    public static IngressDraft empty() {
        IngressDraft d = new IngressDraft(null);
        d.rows.add(new Row());
        d.tls.add(new TlsRow());
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
        for (JsonNode entry : spec.path("tls")) {
            List<String> hosts = new ArrayList<>();
            entry.path("hosts").forEach(h -> hosts.add(h.asText()));
            d.tls.add(new TlsRow(String.join(", ", hosts), entry.path("secretName").asText("")));
        }
        if (d.tls.isEmpty()) {
            d.tls.add(new TlsRow());
        }
        for (IngressAnnotation<?> a : ANNOTATIONS) {
            JsonNode value = meta.path("annotations").path(a.name());
            if (!value.isMissingNode()) {
                d.annotations.put(a.shortName(), value.asText());
            }
        }
        return d;
    }

    /** Form field id of row {@code i}'s TLS hosts: the first row keeps the original id {@code tls-hosts}. */
    public static String tlsHostsField(int i) {
        return i == 0 ? "tls-hosts" : "tls-hosts-" + i;
    }

    /** Form field id of row {@code i}'s TLS Secret name ({@code tls-secret} for the first row). */
    public static String tlsSecretField(int i) {
        return i == 0 ? "tls-secret" : "tls-secret-" + i;
    }

    /** Removes TLS row {@code i}; removing the only row leaves a blank one, so the first row's fields always exist. */
    public void removeTls(int i) {
        tls.remove(i);
        if (tls.isEmpty()) {
            tls.add(new TlsRow());
        }
    }

    /**
     * As-you-type advice on the TLS rows: every TLS host should be served by a rule (a host the
     * certificate covers but no rule routes is almost always a typo), and every entry with hosts
     * should name the Secret holding its certificate.
     */
    public List<Warning> tlsWarnings() {
        List<String> ruleHosts = rows.stream().map(r -> r.host.trim().toLowerCase(Locale.ROOT)).toList();
        List<Warning> warnings = new ArrayList<>();
        for (int i = 0; i < tls.size(); i++) {
            TlsRow row = tls.get(i);
            if (row.isBlank()) {
                continue;
            }
            List<String> unrouted = row.hostList().stream()
                    .filter(h -> ruleHosts.stream().noneMatch(r -> TlsHosts.covers(r, h))).toList();
            if (!unrouted.isEmpty()) {
                warnings.add(new Warning(tlsHostsField(i), "not a host of any rule: " + String.join(", ", unrouted)));
            }
            if (row.secret.isBlank()) {
                warnings.add(new Warning(tlsSecretField(i), "no Secret: name the kubernetes.io/tls Secret with this entry's certificate"));
            }
        }
        return warnings;
    }

    /** The stored object this draft was opened from; null for a new object. */
    public JsonNode original() {
        return original;
    }

    /** The stored {@code resourceVersion} this draft started from ("" for a new object). */
    public String resourceVersion() {
        return original == null ? "" : original.path("metadata").path("resourceVersion").asText("");
    }

    public boolean isNew() {
        return original == null;
    }

    /**
     * The full annotation map the object will carry: the form's annotations from the form (blank ones
     * left out), every other annotation as loaded (an unknown {@code pipy} key too, so the API's
     * error about it reaches the user instead of the key vanishing).
     */
    public Map<String, String> allAnnotations() {
        Map<String, String> all = new LinkedHashMap<>();
        if (original != null) {
            original.path("metadata").path("annotations").fields().forEachRemaining(a -> {
                if (ANNOTATIONS.stream().noneMatch(form -> form.name().equals(a.getKey()))) {
                    all.put(a.getKey(), a.getValue().asText());
                }
            });
        }
        for (IngressAnnotation<?> a : ANNOTATIONS) {
            String v = annotations.get(a.shortName());
            if (v != null && !v.isBlank()) {
                all.put(a.name(), v.trim());
            }
        }
        return all;
    }

    /** The Ingress to send, and where each path of it is shown in the form. */
    public Built build() {
        FieldErrorTargets targets = new FieldErrorTargets()
                .register("metadata.name", "ingress-name")
                .register("metadata.namespace", "ingress-namespace")
                .register("spec.ingressClassName", "ingress-class")
                .register("spec.tls", tlsHostsField(0))
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
        for (IngressAnnotation<?> a : ANNOTATIONS) {
            targets.register("metadata.annotations[" + a.name() + "]", ANNOTATION_FIELDS.get(a.shortName()));
        }

        ObjectNode spec = o.withObjectProperty("spec");
        if (ingressClass.isBlank()) {
            spec.remove("ingressClassName");
        } else {
            spec.put("ingressClassName", ingressClass.trim());
        }
        spec.set("rules", rules(targets));
        buildTls(spec, targets);
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

    /** One entry per non-blank row, in row order; blank rows are skipped, so entry and row indexes may differ. */
    private void buildTls(ObjectNode spec, FieldErrorTargets targets) {
        ArrayNode tlsNode = Json.MAPPER.createArrayNode();
        for (int i = 0; i < tls.size(); i++) {
            TlsRow row = tls.get(i);
            if (row.isBlank()) {
                continue;
            }
            String prefix = "spec.tls[" + tlsNode.size() + "]";
            targets.register(prefix, tlsHostsField(i));
            targets.register(prefix + ".hosts", tlsHostsField(i));
            targets.register(prefix + ".secretName", tlsSecretField(i));
            ObjectNode entry = tlsNode.addObject();
            List<String> hosts = row.hostList();
            if (!hosts.isEmpty()) {
                ArrayNode h = entry.putArray("hosts");
                hosts.forEach(h::add);
            }
            if (!row.secret.isBlank()) {
                entry.put("secretName", row.secret.trim());
            }
        }
        if (tlsNode.isEmpty()) {
            spec.remove("tls");
        } else {
            spec.set("tls", tlsNode);
        }
    }

    private static Map<String, String> annotationFields() {
        Map<String, String> m = new LinkedHashMap<>();
        for (IngressAnnotation<?> a : ANNOTATIONS) {
            // the rewrite fields kept the shorter ids they had before the table existed
            String field = switch (a.shortName()) {
                case "rewrite-target-from" -> "rewrite-from";
                case "rewrite-target-to" -> "rewrite-to";
                default -> a.shortName();
            };
            m.put(a.shortName(), field);
        }
        return Map.copyOf(m);
    }
}
