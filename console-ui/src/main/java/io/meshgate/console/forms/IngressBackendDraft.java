package io.meshgate.console.forms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshgate.console.api.Json;

import java.util.ArrayList;
import java.util.List;

/**
 * What the IngressBackend form edits: backends (Service name, port number, protocol, client
 * certificate handling) and sources (Service, AuthenticatedPrincipal or IPRange). {@link #build()}
 * starts from the loaded object, so fields the form does not show ({@code matches}, labels) are kept.
 * Field ids: {@code ib-backend-<i>-name|port|protocol|tls|sni}, {@code ib-source-<i>-kind|name|namespace}.
 */
public final class IngressBackendDraft {
    /** Client certificate handling of a backend: no {@code tls} block, verify, or skip validation. */
    public static final String TLS_NONE = "";
    public static final String TLS_VERIFY = "verify";
    public static final String TLS_SKIP = "skip";
    public static final List<String> PROTOCOLS = List.of("http", "https", "grpc");
    public static final List<String> SOURCE_KINDS = List.of("Service", "AuthenticatedPrincipal", "IPRange");

    /** One backend. */
    public static final class Backend {
        public String name = "";
        public String port = "";
        public String protocol = "http";
        /** {@link #TLS_NONE}, {@link #TLS_VERIFY} or {@link #TLS_SKIP}. */
        public String tls = TLS_NONE;
        /** Comma-separated SNI hosts (only with a tls block). */
        public String sniHosts = "";
    }

    /** One source; namespace only matters for kind Service. */
    public static final class Source {
        public String kind = "Service";
        public String name = "";
        public String namespace = "";
    }

    public String namespace = "default";
    public String name = "";
    public final List<Backend> backends = new ArrayList<>();
    public final List<Source> sources = new ArrayList<>();
    private final ObjectNode original;

    private IngressBackendDraft(ObjectNode original) {
        this.original = original;
    }

    /** A new IngressBackend with one empty backend and one Service source. */
    public static IngressBackendDraft empty() {
        IngressBackendDraft d = new IngressBackendDraft(null);
        d.backends.add(new Backend());
        d.sources.add(new Source());
        return d;
    }

    /** The form values of a stored IngressBackend. */
    public static IngressBackendDraft from(JsonNode object) {
        IngressBackendDraft d = new IngressBackendDraft(object.deepCopy());
        d.namespace = object.path("metadata").path("namespace").asText("default");
        d.name = object.path("metadata").path("name").asText("");
        for (JsonNode b : object.path("spec").path("backends")) {
            Backend backend = new Backend();
            backend.name = b.path("name").asText("");
            backend.port = b.path("port").path("number").asText("");
            backend.protocol = b.path("port").path("protocol").asText("http");
            JsonNode tls = b.path("tls");
            if (tls.isObject()) {
                backend.tls = tls.path("skipClientCertValidation").asBoolean(false) ? TLS_SKIP : TLS_VERIFY;
                backend.sniHosts = TextLists.join(tls.path("sniHosts"));
            }
            d.backends.add(backend);
        }
        for (JsonNode s : object.path("spec").path("sources")) {
            Source source = new Source();
            source.kind = s.path("kind").asText("Service");
            source.name = s.path("name").asText("");
            source.namespace = s.path("namespace").asText("");
            d.sources.add(source);
        }
        return d;
    }

    public boolean isNew() {
        return original == null;
    }

    /** The object to send and where each of its field paths is shown. */
    public IngressDraft.Built build() {
        FieldErrorTargets targets = new FieldErrorTargets()
                .register("metadata.name", "ib-name")
                .register("metadata.namespace", "ib-namespace")
                .register("spec.backends", "ib-backend-0-name")
                .register("spec.sources", "ib-source-0-kind");
        ObjectNode o = original == null ? Json.MAPPER.createObjectNode() : original.deepCopy();
        o.remove("status");
        o.put("apiVersion", "policy.flomesh.io/v1alpha1");
        o.put("kind", "IngressBackend");
        ObjectNode meta = o.withObjectProperty("metadata");
        meta.put("name", name.trim());
        meta.put("namespace", namespace.trim().isEmpty() ? "default" : namespace.trim());
        ObjectNode spec = o.withObjectProperty("spec");

        ArrayNode backendNodes = spec.putArray("backends");
        for (int i = 0; i < backends.size(); i++) {
            Backend b = backends.get(i);
            String p = "spec.backends[" + i + "]";
            String f = "ib-backend-" + i + "-";
            ObjectNode node = backendNodes.addObject();
            node.put("name", b.name.trim());
            ObjectNode port = node.putObject("port");
            port.set("number", TextLists.numberOrText(b.port));
            port.put("protocol", b.protocol);
            if (!TLS_NONE.equals(b.tls)) {
                ObjectNode tls = node.putObject("tls");
                tls.put("skipClientCertValidation", TLS_SKIP.equals(b.tls));
                if (!TextLists.split(b.sniHosts).isEmpty()) {
                    tls.set("sniHosts", TextLists.array(b.sniHosts));
                }
            }
            targets.register(p, f + "name").register(p + ".name", f + "name")
                    .register(p + ".port", f + "port").register(p + ".port.number", f + "port")
                    .register(p + ".port.protocol", f + "protocol")
                    .register(p + ".tls", f + "tls").register(p + ".tls.skipClientCertValidation", f + "tls")
                    .register(p + ".tls.sniHosts", f + "sni");
        }
        ArrayNode sourceNodes = spec.putArray("sources");
        for (int i = 0; i < sources.size(); i++) {
            Source s = sources.get(i);
            String p = "spec.sources[" + i + "]";
            String f = "ib-source-" + i + "-";
            ObjectNode node = sourceNodes.addObject();
            node.put("kind", s.kind);
            node.put("name", s.name.trim());
            // only a Service source names a namespace; other kinds would carry a stale one
            if ("Service".equals(s.kind) && !s.namespace.isBlank()) {
                node.put("namespace", s.namespace.trim());
            }
            targets.register(p, f + "kind").register(p + ".kind", f + "kind")
                    .register(p + ".name", f + "name").register(p + ".namespace", f + "namespace");
        }
        return new IngressDraft.Built(o, targets);
    }
}
