package io.meshgate.config.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshgate.config.Access;
import io.meshgate.config.AccessGrant;
import io.meshgate.config.Cluster;
import io.meshgate.config.DestinationRule;
import io.meshgate.config.Endpoint;
import io.meshgate.config.FilterConfig;
import io.meshgate.config.HeaderMutation;
import io.meshgate.config.MeshListener;
import io.meshgate.config.PrivateKeyPem;
import io.meshgate.config.ProxyConfig;
import io.meshgate.config.ServerCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProxyConfigJsonTest {

    @Test
    void roundTripOfEveryRecordTypeGivesAnEqualConfig() {
        ProxyConfig original = ConfigSamples.everything();

        String json = ProxyConfigJson.write(original, false);
        ProxyConfig read = ProxyConfigJson.read(json);

        assertThat(read).isEqualTo(original);
        assertThat(ProxyConfigJson.write(read, false)).isEqualTo(json);
    }

    @Test
    void theCompactFormIsTheSameDocumentWithoutIndentation() throws Exception {
        ProxyConfig original = ConfigSamples.everything();

        String compact = ProxyConfigJson.writeCompact(original);
        String pretty = ProxyConfigJson.write(original, false);

        assertThat(compact).doesNotContain("\n").hasSizeLessThan(pretty.length());
        assertThat(ProxyConfigJson.read(compact)).isEqualTo(original);
        assertThat(JsonTree.parse(compact)).isEqualTo(JsonTree.parse(pretty));
    }

    @Test
    void writesTypesDurationsAndKeysAsDocumented() throws Exception {
        Object root = JsonTree.parse(ProxyConfigJson.write(ConfigSamples.everything(), false));

        Map<String, Object> https = JsonTree.object(root, "listeners", 0);
        assertThat(https.get("type")).isEqualTo("http");
        assertThat(JsonTree.at(root, "listeners", 2, "type")).isEqualTo("tcp");
        assertThat(JsonTree.at(root, "listeners", 2, "idleTimeout")).isEqualTo("PT10M");
        Map<String, Object> api = JsonTree.object(https, "virtualHosts", 0, "routes", 0);
        assertThat(api.get("timeout")).isEqualTo("PT2.5S");
        assertThat(((List<?>) api.get("filters")).stream()
                .map(filter -> (Object) ((Map<?, ?>) filter).get("type")).toList())
                .containsExactly("headers", "rewrite", "redirect");
        assertThat(JsonTree.write(JsonTree.at(api, "match", "methods"))).isEqualTo("[\"DELETE\",\"GET\",\"POST\"]");
        assertThat(JsonTree.object(api, "filters", 0, "requestSet").keySet()).containsExactly("x-a", "x-b");
        assertThat(JsonTree.at(https, "tls", "certificates", 0, "privateKey"))
                .isEqualTo(ConfigSamples.SERVER.getPrivateKeyPEM());
        assertThat(JsonTree.at(root, "clusters", 1, "timeouts", "connect")).isEqualTo("PT0.25S");
        // absent optional objects are left out rather than written as null
        assertThat(JsonTree.object(root, "clusters", 0)).doesNotContainKey("tls");
    }

    @Test
    void everyRegisteredFilterTypeHasASampleWhoseTypeMatchesItsRegistration() {
        Map<String, Class<?>> samples = ConfigSamples.everyFilterType().stream()
                .collect(Collectors.toMap(FilterConfig::type, Object::getClass));

        assertThat(samples).isEqualTo(Map.copyOf(FilterConfigTypes.BY_TYPE));
    }

    @Test
    void redactedOutputHoldsNoPrivateKey() {
        ProxyConfig config = ConfigSamples.everything();

        String redacted = ProxyConfigJson.write(config, true);

        assertThat(redacted).doesNotContain("PRIVATE KEY");
        assertThat(redacted).doesNotContain(base64Line(ConfigSamples.SERVER.getPrivateKeyPEM()));
        assertThat(redacted).doesNotContain(base64Line(ConfigSamples.CLIENT.getPrivateKeyPEM()));
        assertThat(redacted).contains("\"privateKey\" : \"[redacted]\"", "\"clientKey\" : \"[redacted]\"");
        assertThat(redacted).contains("BEGIN CERTIFICATE");
    }

    @Test
    void redactionAlsoStripsAKeyPastedIntoAnotherField() {
        String keyPem = ConfigSamples.SERVER.getPrivateKeyPEM();
        String bundle = ConfigSamples.SERVER.getCertificatePEM() + keyPem;
        ProxyConfig base = ConfigSamples.everything();
        var https = (io.meshgate.config.HttpListener) base.listeners().getFirst();
        ServerCertificate sloppy = new ServerCertificate(List.of("x.example"), bundle, PrivateKeyPem.of(keyPem), null);
        var listener = new io.meshgate.config.HttpListener(https.name(), https.address(), https.port(),
                https.virtualHosts(), new io.meshgate.config.DownstreamTls(List.of(sloppy), null),
                https.passthrough(), https.globalPassthrough(), https.settings());
        ProxyConfig config = new ProxyConfig("v", List.of(listener), base.clusters());

        String redacted = ProxyConfigJson.write(config, true);

        assertThat(redacted).doesNotContain("PRIVATE KEY").doesNotContain(base64Line(keyPem));
        assertThat(redacted).contains("BEGIN CERTIFICATE");
        assertThat(ProxyConfigJson.write(config, false)).contains(base64Line(keyPem));
    }

    @Test
    void aRedactedDumpCannotBeReadAsAConfig() {
        String redacted = ProxyConfigJson.write(ConfigSamples.everything(), true);

        assertThatThrownBy(() -> ProxyConfigJson.read(redacted))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("listeners[0].tls.certificates[0].privateKey")
                .hasMessageContaining("redacted dump");
    }

    @Test
    void aMinimalHandWrittenConfigUsesTheRecordDefaults() {
        ProxyConfig config = ProxyConfigJson.read("""
                {"version": "1",
                 "listeners": [{"type": "http", "name": "web", "address": "127.0.0.1", "port": 8000,
                                "virtualHosts": [{"name": "any", "domains": ["*"],
                                   "routes": [{"name": "all", "clusters": [{"cluster": "app", "weight": 1}]}]}]}],
                 "clusters": [{"name": "app", "stickyByClientAddress": false, "maxConnectionsPerEndpoint": 0,
                               "endpoints": [{"address": "127.0.0.1", "port": 8080, "weight": 1}]}]}
                """);

        var listener = (io.meshgate.config.HttpListener) config.listeners().getFirst();
        assertThat(listener.settings()).isEqualTo(io.meshgate.config.HttpSettings.DEFAULTS);
        assertThat(listener.tls()).isNull();
        assertThat(config.clusters().getFirst().timeouts()).isEqualTo(io.meshgate.config.ClusterTimeouts.DEFAULTS);
        assertThat(config.clusters().getFirst().maxConnectionsPerEndpoint()).isEqualTo(1024);
    }

    @Test
    void globalPassthroughWithoutThePrivateAddressSwitchReadsAsOffAndWritesAsBefore() {
        String json = """
                {"version": "1",
                 "listeners": [{"type": "http", "name": "tls", "address": "127.0.0.1", "port": 8443,
                                "globalPassthrough": {"upstreamPort": 443, "allowedServerNames": ["a.example"]}}]}
                """;

        ProxyConfig config = ProxyConfigJson.read(json);

        var global = ((io.meshgate.config.HttpListener) config.listeners().getFirst()).globalPassthrough();
        assertThat(global.privateAddressesAllowed()).isFalse();
        assertThat(ProxyConfigJson.write(config, false)).doesNotContain("allowPrivateAddresses");
        ProxyConfig allowing = ProxyConfigJson.read(json.replace("[\"a.example\"]",
                "[\"a.example\"], \"allowPrivateAddresses\": true"));
        assertThat(((io.meshgate.config.HttpListener) allowing.listeners().getFirst()).globalPassthrough()
                .privateAddressesAllowed()).isTrue();
        assertThat(ProxyConfigJson.read(ProxyConfigJson.write(allowing, false))).isEqualTo(allowing);
    }

    @Test
    void aGrantRequiringACertificateSaysSoAndOtherGrantsWriteAsBefore() {
        AccessGrant either = new AccessGrant("http", Set.of(), List.of("10.0.0.2/32"), List.of());
        AccessGrant both = AccessGrant.certificateFrom("https", Set.of("nginx.ingress.cluster.local"),
                List.of("10.0.0.1/32"), List.of());
        ProxyConfig config = inbound(either, both);

        String json = ProxyConfigJson.write(config, false);

        assertThat(json).containsOnlyOnce("\"certificateRequired\" : true");
        ProxyConfig read = ProxyConfigJson.read(json);
        assertThat(read).isEqualTo(config);
        assertThat(((MeshListener) read.listeners().getFirst()).destinations().getFirst().access().grants())
                .extracting(AccessGrant::requiresCertificate).containsExactly(false, true);
        assertThat(ProxyConfigJson.read(json.replace("\"certificateRequired\" : true", "\"certificateRequired\" : false")))
                .as("false reads as the switch left out")
                .isEqualTo(inbound(either, new AccessGrant("https", both.principals(), both.sourceRanges(), List.of())));
    }

    private static ProxyConfig inbound(AccessGrant... grants) {
        DestinationRule rule = new DestinationRule("inbound|14001", List.of(), 14001, DestinationRule.AppProtocol.TCP,
                List.of(), "inbound|14001", new Access(List.of(grants)));
        return new ProxyConfig("1", List.of(new MeshListener("inbound", "0.0.0.0", 15003,
                MeshListener.Direction.INBOUND, List.of(rule), null, null, null)),
                List.of(Cluster.of("inbound|14001", List.of(Endpoint.of("127.0.0.1", 14001)))));
    }

    @Test
    void readsAFileAndNamesItInErrors(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("good.json");
        Files.writeString(good, ProxyConfigJson.write(ConfigSamples.everything(), false));
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"version\": 1}");

        assertThat(ProxyConfigJson.read(good)).isEqualTo(ConfigSamples.everything());
        assertThatThrownBy(() -> ProxyConfigJson.read(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(bad.toString() + ": invalid proxy config at version");
    }

    @Test
    void unknownPropertyIsNamedWithItsPlaceAndTheKnownOnes() {
        Object root = tree();
        JsonTree.object(root, "clusters", 0).put("colour", "blue");

        assertThatThrownBy(() -> ProxyConfigJson.read(JsonTree.write(root)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at clusters[0].colour")
                .hasMessageContaining("unknown property \"colour\"")
                .hasMessageContaining("endpoints");
    }

    @Test
    void missingNumberIsAnErrorRatherThanZero() {
        Object root = tree();
        JsonTree.object(root, "clusters", 0, "endpoints", 0).remove("weight");

        assertThatThrownBy(() -> ProxyConfigJson.read(JsonTree.write(root)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("clusters[0].endpoints[0]")
                .hasMessageContaining("'weight'");
    }

    @Test
    void recordValidationMessagesComeThrough() {
        Object root = tree();
        JsonTree.object(root, "listeners", 2).put("cluster", "nowhere");

        assertThatThrownBy(() -> ProxyConfigJson.read(JsonTree.write(root)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("listener mysql refers to unknown cluster nowhere");
    }

    @Test
    void unknownListenerAndFilterTypesListTheKnownOnes() {
        Object listener = tree();
        JsonTree.object(listener, "listeners", 2).put("type", "udp");
        Object filter = tree();
        JsonTree.object(filter, "listeners", 0, "virtualHosts", 0, "routes", 0, "filters", 1).put("type", "teleport");

        assertThatThrownBy(() -> ProxyConfigJson.read(JsonTree.write(listener)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("listeners[2]")
                .hasMessageContaining("'udp'")
                .hasMessageContaining("http").hasMessageContaining("tcp");
        assertThatThrownBy(() -> ProxyConfigJson.read(JsonTree.write(filter)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("listeners[0].virtualHosts[0].routes[0].filters[1]")
                .hasMessageContaining("'teleport'")
                .hasMessageContaining("headers, ").hasMessageContaining("rateLimit, redirect, respond, retry, rewrite");
    }

    @Test
    void badScalarsAreRefused() {
        Object duration = tree();
        JsonTree.object(duration, "listeners", 2).put("idleTimeout", "10 minutes");
        Object numberAsText = tree();
        JsonTree.object(numberAsText, "listeners", 2).put("port", "13306");
        Object numericDuration = tree();
        JsonTree.object(numericDuration, "listeners", 2).put("idleTimeout", 600);
        Object notAKey = tree();
        JsonTree.object(notAKey, "clusters", 1, "tls").put("clientKey", "hunter2-secret");

        assertThatThrownBy(() -> ProxyConfigJson.read(JsonTree.write(duration)))
                .hasMessageContaining("listeners[2].idleTimeout").hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> ProxyConfigJson.read(JsonTree.write(numberAsText)))
                .hasMessageContaining("listeners[2].port");
        assertThatThrownBy(() -> ProxyConfigJson.read(JsonTree.write(numericDuration)))
                .hasMessageContaining("listeners[2].idleTimeout").hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> ProxyConfigJson.read(JsonTree.write(notAKey)))
                .hasMessageContaining("clusters[1].tls.clientKey")
                .hasMessageContaining("PEM private key")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void malformedOrAmbiguousDocumentsAreRefused() {
        assertThatThrownBy(() -> ProxyConfigJson.read("{\"version\": \"1\",\n \"listeners\": [}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 2");
        assertThatThrownBy(() -> ProxyConfigJson.read("{\"version\": \"1\", \"version\": \"2\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Duplicate field 'version'");
        assertThatThrownBy(() -> ProxyConfigJson.read("{\"version\": \"1\"} {\"version\": \"2\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Trailing token");
        assertThatThrownBy(() -> ProxyConfigJson.read("null"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> ProxyConfigJson.read(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid proxy config");
    }

    @Test
    void anUnregisteredFilterRecordCannotBeWritten() {
        record Teleport(String target) implements FilterConfig {
            @Override
            public String type() {
                return "teleport";
            }
        }
        ProxyConfig base = ConfigSamples.everything();
        var https = (io.meshgate.config.HttpListener) base.listeners().getFirst();
        var vhost = https.virtualHosts().getFirst();
        var route = vhost.routes().getFirst().withFilters(List.of(new Teleport("mars")));
        var listener = new io.meshgate.config.HttpListener(https.name(), https.address(), https.port(),
                List.of(new io.meshgate.config.VirtualHost(vhost.name(), vhost.domains(), List.of(route))),
                https.tls(), https.passthrough(), https.globalPassthrough(), https.settings());
        ProxyConfig config = new ProxyConfig("v", List.of(listener), base.clusters());

        assertThatThrownBy(() -> ProxyConfigJson.write(config, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not registered");
    }

    @Test
    void headerMutationMapsSurviveTheRoundTrip() {
        HeaderMutation sample = (HeaderMutation) ConfigSamples.everyFilter().getFirst();
        ProxyConfig read = ProxyConfigJson.read(ProxyConfigJson.write(ConfigSamples.everything(), false));
        var https = (io.meshgate.config.HttpListener) read.listeners().getFirst();

        assertThat(https.virtualHosts().getFirst().routes().getFirst().filters().getFirst()).isEqualTo(sample);
    }

    private static Object tree() {
        return JsonTree.parse(ProxyConfigJson.write(ConfigSamples.everything(), false));
    }

    /** A line from the middle of a PEM body: proves no part of the key leaked, not just its armour. */
    private static String base64Line(String pem) {
        return pem.lines().filter(l -> !l.startsWith("-----") && l.length() > 20).findFirst().orElseThrow();
    }
}
