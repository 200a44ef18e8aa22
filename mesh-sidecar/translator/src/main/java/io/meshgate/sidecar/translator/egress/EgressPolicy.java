package io.meshgate.sidecar.translator.egress;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgate.resources.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A policy.flomesh.io Egress as the translator reads it, every part with its index so conditions can
 * name the field ({@code spec.sources[0].mtls.cert.secret}).
 *
 * @param hosts       lower case; empty = any host (http) or any server name (https)
 * @param ipAddresses CIDRs or addresses; empty = any destination address
 */
public record EgressPolicy(Resource resource, List<Source> sources, List<String> hosts, List<String> ipAddresses,
                           List<Port> ports, List<MatchRef> matches) {

    /**
     * One {@code spec.sources[]} entry of kind ServiceAccount.
     *
     * @param mtls       the source's {@code mtls} object, or null when it has none
     * @param secretName {@code mtls.cert.secret.name}, empty when missing
     */
    public record Source(int index, String namespace, String name, JsonNode mtls, String secretNamespace,
                         String secretName) {
        public boolean hasMtls() {
            return mtls != null;
        }

        /** {@code spec.sources[i]}. */
        public String field() {
            return "spec.sources[" + index + "]";
        }

        @Override
        public String toString() {
            return namespace + "/" + name;
        }
    }

    /**
     * One {@code spec.ports[]} entry.
     *
     * @param protocol as written (see {@link EgressProtocol#of})
     */
    public record Port(int index, int number, String protocol) {}

    /** One {@code spec.matches[]} reference. */
    public record MatchRef(int index, String apiGroup, String kind, String name) {}

    public EgressPolicy {
        sources = List.copyOf(sources);
        hosts = List.copyOf(hosts);
        ipAddresses = List.copyOf(ipAddresses);
        ports = List.copyOf(ports);
        matches = List.copyOf(matches);
    }

    static EgressPolicy read(Resource egress) {
        JsonNode spec = egress.spec();
        List<Source> sources = new ArrayList<>();
        JsonNode sourceList = spec.path("sources");
        for (int i = 0; i < sourceList.size(); i++) {
            JsonNode source = sourceList.get(i);
            if (!"ServiceAccount".equals(source.path("kind").asText())) {
                continue;
            }
            JsonNode mtls = source.path("mtls");
            JsonNode secret = mtls.path("cert").path("secret");
            sources.add(new Source(i, source.path("namespace").asText(egress.namespace()), source.path("name").asText(),
                    mtls.isObject() ? mtls : null, secret.path("namespace").asText(egress.namespace()),
                    secret.path("name").asText("")));
        }
        List<String> hosts = new ArrayList<>();
        spec.path("hosts").forEach(h -> hosts.add(h.asText().toLowerCase(Locale.ROOT)));
        List<String> addresses = new ArrayList<>();
        spec.path("ipAddresses").forEach(a -> addresses.add(a.asText()));
        List<Port> ports = new ArrayList<>();
        JsonNode portList = spec.path("ports");
        for (int i = 0; i < portList.size(); i++) {
            JsonNode port = portList.get(i);
            ports.add(new Port(i, port.path("number").asInt(-1), port.path("protocol").asText("")));
        }
        List<MatchRef> matches = new ArrayList<>();
        JsonNode matchList = spec.path("matches");
        for (int i = 0; i < matchList.size(); i++) {
            JsonNode match = matchList.get(i);
            matches.add(new MatchRef(i, match.path("apiGroup").asText(""), match.path("kind").asText(""),
                    match.path("name").asText("")));
        }
        return new EgressPolicy(egress, sources, hosts, addresses, ports, matches);
    }

    public String namespace() {
        return resource.namespace();
    }

    public String name() {
        return resource.name();
    }

    /** The source naming ServiceAccount {@code serviceAccount} of {@code namespace}, or null. */
    public Source sourceFor(String namespace, String serviceAccount) {
        for (Source source : sources) {
            if (source.namespace().equals(namespace) && source.name().equals(serviceAccount)) {
                return source;
            }
        }
        return null;
    }

    /** {@code egress|<ns>/<policy>|<port>}: the policy's cluster (and TCP rule) for one port. */
    public String clusterName(int port) {
        return "egress|" + namespace() + "/" + name() + "|" + port;
    }

    @Override
    public String toString() {
        return "Egress " + namespace() + "/" + name();
    }
}
