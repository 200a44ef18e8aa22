package io.meshgate.console.forms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshgate.console.api.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the Egress policy form edits: source ServiceAccounts, destination hosts and IP ranges,
 * ports with protocols, and route matches (an SMI HTTPRouteGroup or an UpstreamTrafficSetting).
 * A source's {@code mtls} block, which the form does not show, is kept for the source of the same
 * name and namespace. Field ids: {@code egress-source-<i>-name|namespace}, {@code egress-hosts},
 * {@code egress-ip-addresses}, {@code egress-port-<i>-number|protocol}, {@code egress-match-<i>-kind|name}.
 */
public final class EgressDraft {
    public static final List<String> PROTOCOLS = List.of("http", "https", "tcp", "tcp-server-first", "grpc");
    /** Match kinds and the apiGroup FSM expects for each (group/version, as FSM writes it). */
    public static final Map<String, String> MATCH_GROUPS = Map.of(
            "HTTPRouteGroup", "specs.smi-spec.io/v1alpha4",
            "UpstreamTrafficSetting", "policy.flomesh.io/v1alpha1");

    /** A ServiceAccount allowed out. */
    public static final class Source {
        public String name = "";
        public String namespace = "";
    }

    /** A destination port. */
    public static final class Port {
        public String number = "";
        public String protocol = "http";
    }

    /** A route match. */
    public static final class Match {
        public String kind = "HTTPRouteGroup";
        public String name = "";
    }

    public String namespace = "default";
    public String name = "";
    public final List<Source> sources = new ArrayList<>();
    public String hosts = "";
    public String ipAddresses = "";
    public final List<Port> ports = new ArrayList<>();
    public final List<Match> matches = new ArrayList<>();
    private final ObjectNode original;

    private EgressDraft(ObjectNode original) {
        this.original = original;
    }

    /** A new Egress policy with one source and one port. */
    public static EgressDraft empty() {
        EgressDraft d = new EgressDraft(null);
        d.sources.add(new Source());
        d.ports.add(new Port());
        return d;
    }

    /** The form values of a stored Egress. */
    public static EgressDraft from(JsonNode object) {
        EgressDraft d = new EgressDraft(object.deepCopy());
        d.namespace = object.path("metadata").path("namespace").asText("default");
        d.name = object.path("metadata").path("name").asText("");
        JsonNode spec = object.path("spec");
        for (JsonNode s : spec.path("sources")) {
            Source source = new Source();
            source.name = s.path("name").asText("");
            source.namespace = s.path("namespace").asText("");
            d.sources.add(source);
        }
        d.hosts = TextLists.join(spec.path("hosts"));
        d.ipAddresses = TextLists.join(spec.path("ipAddresses"));
        for (JsonNode p : spec.path("ports")) {
            Port port = new Port();
            port.number = p.path("number").asText("");
            port.protocol = p.path("protocol").asText("http");
            d.ports.add(port);
        }
        for (JsonNode m : spec.path("matches")) {
            Match match = new Match();
            match.kind = m.path("kind").asText("");
            match.name = m.path("name").asText("");
            d.matches.add(match);
        }
        return d;
    }

    public boolean isNew() {
        return original == null;
    }

    /** The object to send and where each of its field paths is shown. */
    public IngressDraft.Built build() {
        FieldErrorTargets targets = new FieldErrorTargets()
                .register("metadata.name", "egress-name")
                .register("metadata.namespace", "egress-namespace")
                .register("spec.sources", "egress-source-0-name")
                .register("spec.hosts", "egress-hosts")
                .register("spec.ipAddresses", "egress-ip-addresses")
                .register("spec.ports", "egress-port-0-number");
        ObjectNode o = original == null ? Json.MAPPER.createObjectNode() : original.deepCopy();
        o.remove("status");
        o.put("apiVersion", "policy.flomesh.io/v1alpha1");
        o.put("kind", "Egress");
        ObjectNode meta = o.withObjectProperty("metadata");
        meta.put("name", name.trim());
        meta.put("namespace", namespace.trim().isEmpty() ? "default" : namespace.trim());
        ObjectNode spec = o.withObjectProperty("spec");
        JsonNode oldSources = spec.path("sources").deepCopy();

        ArrayNode sourceNodes = spec.putArray("sources");
        for (int i = 0; i < sources.size(); i++) {
            Source s = sources.get(i);
            ObjectNode node = sourceNodes.addObject();
            node.put("kind", "ServiceAccount");
            node.put("name", s.name.trim());
            node.put("namespace", s.namespace.trim());
            JsonNode mtls = mtlsOf(oldSources, s);
            if (mtls != null) {
                node.set("mtls", mtls);
            }
            String p = "spec.sources[" + i + "]";
            String f = "egress-source-" + i + "-";
            targets.register(p, f + "name").register(p + ".name", f + "name").register(p + ".kind", f + "name")
                    .register(p + ".namespace", f + "namespace").register(p + ".mtls", f + "name");
        }
        setList(spec, "hosts", hosts);
        setList(spec, "ipAddresses", ipAddresses);
        ArrayNode portNodes = spec.putArray("ports");
        for (int i = 0; i < ports.size(); i++) {
            Port port = ports.get(i);
            ObjectNode node = portNodes.addObject();
            node.set("number", TextLists.numberOrText(port.number));
            node.put("protocol", port.protocol);
            String p = "spec.ports[" + i + "]";
            String f = "egress-port-" + i + "-";
            targets.register(p, f + "number").register(p + ".number", f + "number")
                    .register(p + ".protocol", f + "protocol");
        }
        if (matches.isEmpty()) {
            spec.remove("matches");
        } else {
            ArrayNode matchNodes = spec.putArray("matches");
            for (int i = 0; i < matches.size(); i++) {
                Match m = matches.get(i);
                ObjectNode node = matchNodes.addObject();
                node.put("apiGroup", MATCH_GROUPS.getOrDefault(m.kind, ""));
                node.put("kind", m.kind);
                node.put("name", m.name.trim());
                String p = "spec.matches[" + i + "]";
                String f = "egress-match-" + i + "-";
                targets.register(p, f + "kind").register(p + ".apiGroup", f + "kind").register(p + ".kind", f + "kind")
                        .register(p + ".name", f + "name");
            }
        }
        return new IngressDraft.Built(o, targets);
    }

    private static JsonNode mtlsOf(JsonNode oldSources, Source s) {
        for (JsonNode old : oldSources) {
            if (old.path("name").asText().equals(s.name.trim()) && old.path("namespace").asText().equals(s.namespace.trim())
                    && old.has("mtls")) {
                return old.get("mtls");
            }
        }
        return null;
    }

    private static void setList(ObjectNode spec, String field, String text) {
        if (TextLists.split(text).isEmpty()) {
            spec.remove(field);
        } else {
            spec.set(field, TextLists.array(text));
        }
    }
}
