package io.meshgate.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table-driven invalid cases for every kind: a valid manifest ({@link ValidManifests}) changed by
 * one JSON-patch operation must fail with an error at exactly the expected field path, whose
 * message says what is allowed.
 */
class InvalidResourcesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ResourceValidator VALIDATOR = ResourceValidator.standard();
    /** The MeshConfig certificate setting of FSM's "Bi-direction TLS with FSM Ingress" demo, with a validityDuration to fill in. */
    private static final String INGRESS_GATEWAY_CERT = "{\"ingressGateway\": {\"secret\": {\"name\": \"c\","
            + " \"namespace\": \"fsm-system\"}, \"subjectAltNames\": [\"fsm.fsm-system.cluster.local\"],"
            + " \"validityDuration\": \"%s\"}}";

    /** One case: change {@code pointer} of the kind's valid manifest and expect an error at {@code field}. */
    record Case(String kind, String op, String pointer, String value, String field, String message) {
        @Override
        public String toString() {
            return kind + " " + op + " " + pointer + (value == null ? "" : " " + value) + " -> " + field;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                // core kinds
                c("Namespace", "replace", "/metadata/name", "\"Bad_Name\"", "metadata.name", "RFC 1123 label"),
                c("Namespace", "add", "/metadata/namespace", "\"default\"", "metadata.namespace",
                        "Forbidden: Namespace is cluster-scoped"),
                c("Namespace", "add", "/spec", "{\"finalizer\": []}", "spec.finalizer",
                        "Unknown field: supported fields: \"finalizers\""),
                c("Service", "replace", "/spec/ports/0/port", "0", "spec.ports[0].port",
                        "Invalid value: 0: must be between 1 and 65535, inclusive"),
                c("Service", "replace", "/spec/ports/0/port", "70000", "spec.ports[0].port", "between 1 and 65535"),
                c("Service", "replace", "/spec/ports/0/port", "\"8080\"", "spec.ports[0].port",
                        "must be an integer, not a string"),
                c("Service", "replace", "/spec/ports/1/targetPort", "\"Not_A_Name\"", "spec.ports[1].targetPort",
                        "lowercase letters, digits and '-'"),
                c("Service", "add", "/spec/type", "\"Public\"", "spec.type",
                        "Unsupported value: \"Public\": supported values: \"ClusterIP\", \"NodePort\", \"LoadBalancer\", \"ExternalName\""),
                c("Service", "remove", "/spec/ports/1/name", null, "spec.ports[1].name", "Required value"),
                c("Service", "replace", "/spec/ports/1/name", "\"http\"", "spec.ports[1].name", "Duplicate value: \"http\""),
                c("Service", "replace", "/metadata/name", "\"1fortio\"", "metadata.name", "RFC 1035 label"),
                c("Service", "add", "/spec/clusterIP", "\"10.0.0.300\"", "spec.clusterIP", "valid IP address"),
                c("Service", "add", "/spec/selector/app", "\"bad value!\"", "spec.selector[app]", "label value"),
                c("Service", "remove", "/spec/ports", null, "spec.ports", "needs at least one port"),
                c("Endpoints", "replace", "/subsets/0/addresses/0/ip", "\"300.1.1.1\"", "subsets[0].addresses[0].ip",
                        "valid IP address"),
                c("Endpoints", "remove", "/subsets/0/ports", null, "subsets[0].ports", "Required value"),
                c("Secret", "replace", "/data/tls.crt", "\"not base64!\"", "data[tls.crt]", "valid base64"),
                c("Secret", "remove", "/data/tls.key", null, "data[tls.key]", "kubernetes.io/tls Secret needs tls.key"),
                c("Secret", "add", "/data/bad key", "\"eA==\"", "data[bad key]", "valid config key"),
                c("Secret", "replace", "/type", "5", "type", "must be a string, not an integer"),
                c("ServiceAccount", "replace", "/automountServiceAccountToken", "\"yes\"", "automountServiceAccountToken",
                        "must be a boolean"),
                c("Pod", "replace", "/status/podIP", "\"10.0.0.256\"", "status.podIP", "valid IP address"),
                c("Pod", "replace", "/status/phase", "\"Started\"", "status.phase",
                        "Unsupported value: \"Started\": supported values: \"Pending\", \"Running\", \"Succeeded\", \"Failed\", \"Unknown\""),
                c("Pod", "replace", "/status/podIPs/0/ip", "\"10.0.0.8\"", "status.podIPs[0].ip",
                        "must be the same address as status.podIP"),
                c("Pod", "replace", "/spec/serviceAccountName", "\"Book_Store\"", "spec.serviceAccountName",
                        "RFC 1123 subdomain"),
                c("Pod", "add", "/spec/serviceAccount", "\"other\"", "spec.serviceAccount",
                        "must equal spec.serviceAccountName"),
                c("Pod", "add", "/metadata/labels/app", "\"not a value\"", "metadata.labels[app]", "label value"),
                c("Pod", "replace", "/spec/containers/0/ports/0/containerPort", "0",
                        "spec.containers[0].ports[0].containerPort", "between 1 and 65535"),
                c("Pod", "remove", "/metadata/namespace", null, "metadata.namespace", "Required value"),
                c("ConfigMap", "add", "/binaryData", "{\"blob\": \"@@@@\"}", "binaryData[blob]", "valid base64"),
                c("ConfigMap", "add", "/data/count", "1", "data[count]", "must be a string"),
                // Ingress
                c("Ingress", "replace", "/spec/rules/0/http/paths/0/pathType", "\"Regex\"",
                        "spec.rules[0].http.paths[0].pathType",
                        "Unsupported value: \"Regex\": supported values: \"Exact\", \"Prefix\", \"ImplementationSpecific\""),
                c("Ingress", "remove", "/spec/rules/0/http/paths/0/pathType", null,
                        "spec.rules[0].http.paths[0].pathType", "Required value"),
                c("Ingress", "replace", "/spec/rules/0/http/paths/0/path", "\"hi\"", "spec.rules[0].http.paths[0].path",
                        "absolute path"),
                c("Ingress", "replace", "/spec/rules/0/http/paths/0/path", "\"/a//b\"",
                        "spec.rules[0].http.paths[0].path", "must not contain '//'"),
                c("Ingress", "replace", "/spec/rules/0/http/paths/0/path", "\"/a/..\"",
                        "spec.rules[0].http.paths[0].path", "must not end with '/..'"),
                c("Ingress", "replace", "/spec/rules/0/http/paths/0/path", "\"/a b\"",
                        "spec.rules[0].http.paths[0].path", "visible ASCII"),
                c("Ingress", "add", "/spec/rules/0/http/paths/0/backend/service/port/name", "\"http\"",
                        "spec.rules[0].http.paths[0].backend.service.port", "exactly one of name or number"),
                c("Ingress", "replace", "/spec/rules/0/http/paths/0/backend/service/port/number", "0",
                        "spec.rules[0].http.paths[0].backend.service.port.number", "between 1 and 65535"),
                c("Ingress", "replace", "/spec/rules/0/host", "\"10.0.0.1\"", "spec.rules[0].host",
                        "must be a DNS name, not an IP address"),
                c("Ingress", "replace", "/spec/tls/0/hosts/0", "\"Bad_Host\"", "spec.tls[0].hosts[0]", "DNS name"),
                c("Ingress", "replace", "/spec/tls/0/hosts/0", "\"10.0.0.1\"", "spec.tls[0].hosts[0]",
                        "must be a DNS name, not an IP address"),
                c("Ingress", "replace", "/spec/tls/0/hosts/0", "\"" + "a".repeat(64) + ".example.com\"",
                        "spec.tls[0].hosts[0]", "labels have at most 63 characters"),
                c("Ingress", "replace", "/spec/tls/0/hosts/0", "\"example.123\"", "spec.tls[0].hosts[0]",
                        "last label is not all digits"),
                c("Ingress", "add", "/spec/rulez", "[]", "spec.rulez", "Unknown field"),
                c("Ingress", "remove", "/spec/rules", null, "spec.rules", "either defaultBackend or rules"),
                c("Ingress", "add", "/metadata/annotations/kubernetes.io~1ingress.class", "\"pipy\"",
                        "metadata.annotations[kubernetes.io/ingress.class]", "spec.ingressClassName is also set"),
                c("Ingress", "replace", "/metadata/annotations/pipy.ingress.kubernetes.io~1lb-type", "\"foo\"",
                        "metadata.annotations[pipy.ingress.kubernetes.io/lb-type]",
                        "Unsupported value: \"foo\": supported values: \"round-robin\", \"hashing\", \"least-work\""),
                c("IngressClass", "replace", "/spec/controller", "\"pipy\"", "spec.controller", "domain-prefixed path"),
                c("IngressClass", "replace", "/spec/parameters/scope", "\"Namespace\"", "spec.parameters.namespace",
                        "needed when scope is Namespace"),
                // policy.flomesh.io
                c("IngressBackend", "replace", "/spec/backends/0/port/protocol", "\"ftp\"",
                        "spec.backends[0].port.protocol", "supported values: \"http\", \"https\", \"grpc\""),
                c("IngressBackend", "replace", "/spec/sources/0", "{\"kind\": \"IPRange\", \"name\": \"10.0.0.0/33\"}",
                        "spec.sources[0].name", "CIDR"),
                c("IngressBackend", "remove", "/spec/sources/0/namespace", null, "spec.sources[0].namespace",
                        "a Service source needs its namespace"),
                c("IngressBackend", "replace", "/spec/backends/0/port/protocol", "\"https\"", "spec.sources",
                        "an AuthenticatedPrincipal source is needed"),
                c("IngressBackend", "add", "/spec/backends/-",
                        "{\"name\": \"httpbin\", \"port\": {\"number\": 14001, \"protocol\": \"http\"}}",
                        "spec.backends[1]", "Duplicate value: \"httpbin:14001\""),
                c("IngressBackend", "replace", "/spec/sources/0/kind", "\"Pod\"", "spec.sources[0].kind",
                        "supported values: \"Service\", \"AuthenticatedPrincipal\", \"IPRange\""),
                c("Egress", "replace", "/spec/ports/0/number", "0", "spec.ports[0].number", "between 1 and 65535"),
                c("Egress", "replace", "/spec/ports/0/protocol", "\"udp\"", "spec.ports[0].protocol", "Unsupported value"),
                c("Egress", "replace", "/spec/ipAddresses/0", "\"1.2.3.4\"", "spec.ipAddresses[0]", "CIDR"),
                c("Egress", "replace", "/spec/matches/0/apiGroup", "\"specs.smi-spec.io\"", "spec.matches[0].apiGroup",
                        "supported values: \"specs.smi-spec.io/v1alpha4\", \"policy.flomesh.io/v1alpha1\""),
                c("Egress", "replace", "/spec/sources/0/mtls/cert/expiration", "\"tomorrow\"",
                        "spec.sources[0].mtls.cert.expiration", "YYYY-MM-DD hh:mm:ss"),
                c("Egress", "replace", "/spec/sources/0/mtls/cert/expiration", "\"2030-2-30 00:00:00\"",
                        "spec.sources[0].mtls.cert.expiration", "YYYY-MM-DD hh:mm:ss"),
                c("Egress", "remove", "/spec/sources/0/mtls/cert", null, "spec.sources[0].mtls.cert",
                        "not issued by the mesh"),
                c("Egress", "replace", "/spec/sources/0/kind", "\"Service\"", "spec.sources[0].kind",
                        "supported values: \"ServiceAccount\""),
                c("Egress", "remove", "/spec/ports", null, "spec.ports", "Required value"),
                c("EgressGateway", "replace", "/spec/global", "[]", "spec.global", "at least one item"),
                c("EgressGateway", "replace", "/spec/global/0/weight", "-1", "spec.global[0].weight", "between 0 and"),
                c("UpstreamTrafficSetting", "replace", "/spec/host", "\"fortio\"", "spec.host", "qualified host name"),
                c("UpstreamTrafficSetting", "replace",
                        "/spec/connectionSettings/http/circuitBreaking/errorRatioThreshold", "1.5",
                        "spec.connectionSettings.http.circuitBreaking.errorRatioThreshold", "between 0 and 1"),
                c("UpstreamTrafficSetting", "replace", "/spec/connectionSettings/http/circuitBreaking/statTimeWindow",
                        "\"1 minute\"", "spec.connectionSettings.http.circuitBreaking.statTimeWindow", "duration"),
                c("UpstreamTrafficSetting", "remove", "/spec/connectionSettings/http/circuitBreaking/degradedTimeWindow",
                        null, "spec.connectionSettings.http.circuitBreaking.degradedTimeWindow", "Required value"),
                c("UpstreamTrafficSetting", "replace", "/spec/rateLimit/local/http/unit", "\"day\"",
                        "spec.rateLimit.local.http.unit", "supported values: \"second\", \"minute\", \"hour\""),
                c("UpstreamTrafficSetting", "replace", "/spec/rateLimit/local/http/responseStatusCode", "200",
                        "spec.rateLimit.local.http.responseStatusCode", "between 400 and 599"),
                c("UpstreamTrafficSetting", "replace", "/spec/httpRoutes/0/path", "\"([a-z\"", "spec.httpRoutes[0].path",
                        "RE2 regular expression"),
                c("UpstreamTrafficSetting", "replace", "/spec/connectionSettings/tcp/maxConnections", "-5",
                        "spec.connectionSettings.tcp.maxConnections", "between 0 and 4294967295"),
                c("UpstreamTrafficSetting", "remove", "/spec/connectionSettings/http/circuitBreaking/errorRatioThreshold",
                        null, "spec.connectionSettings.http.circuitBreaking", "Required value: a threshold above 0"),
                c("UpstreamTrafficSetting", "replace", "/spec/connectionSettings/http/circuitBreaking/errorRatioThreshold",
                        "0", "spec.connectionSettings.http.circuitBreaking", "the breaker never opens"),
                c("UpstreamTrafficSetting", "replace", "/spec/connectionSettings/http/circuitBreaking/errorRatioThreshold",
                        "-0.1", "spec.connectionSettings.http.circuitBreaking.errorRatioThreshold", "between 0 and 1"),
                c("UpstreamTrafficSetting", "add", "/spec/connectionSettings/http/circuitBreaking/slowAmountThreshold",
                        "100", "spec.connectionSettings.http.circuitBreaking.slowTimeThreshold", "Required value"),
                c("UpstreamTrafficSetting", "add", "/spec/connectionSettings/http/circuitBreaking/errorAmountThreshold",
                        "-1", "spec.connectionSettings.http.circuitBreaking.errorAmountThreshold", "between 0 and"),
                c("UpstreamTrafficSetting", "replace", "/spec/connectionSettings/http/circuitBreaking/minRequestAmount",
                        "-200", "spec.connectionSettings.http.circuitBreaking.minRequestAmount", "between 0 and"),
                c("UpstreamTrafficSetting", "replace", "/spec/connectionSettings/http/circuitBreaking/degradedStatusCode",
                        "600", "spec.connectionSettings.http.circuitBreaking.degradedStatusCode", "between 100 and 599"),
                c("UpstreamTrafficSetting", "replace", "/spec/connectionSettings/http/circuitBreaking/degradedTimeWindow",
                        "\"0s\"", "spec.connectionSettings.http.circuitBreaking.degradedTimeWindow", "more than 0"),
                c("UpstreamTrafficSetting", "replace", "/spec/connectionSettings/http/circuitBreaking/statTimeWindow",
                        "\"0s\"", "spec.connectionSettings.http.circuitBreaking.statTimeWindow", "more than 0"),
                c("UpstreamTrafficSetting", "replace", "/spec/connectionSettings/tcp/connectTimeout", "\"0s\"",
                        "spec.connectionSettings.tcp.connectTimeout", "more than 0"),
                c("UpstreamTrafficSetting", "add", "/spec/connectionSettings/http/maxRetries", "-3",
                        "spec.connectionSettings.http.maxRetries", "between 0 and"),
                c("Retry", "replace", "/spec/retryPolicy/retryOn", "\"sometimes\"", "spec.retryPolicy.retryOn",
                        "status codes (503), classes (5xx)"),
                c("Retry", "replace", "/spec/retryPolicy/perTryTimeout", "\"1\"", "spec.retryPolicy.perTryTimeout",
                        "duration"),
                c("Retry", "replace", "/spec/retryPolicy/numRetries", "11", "spec.retryPolicy.numRetries",
                        "between 0 and 10"),
                c("Retry", "replace", "/spec/retryPolicy/retryBackoffBaseInterval", "\"0s\"",
                        "spec.retryPolicy.retryBackoffBaseInterval", "more than 0"),
                c("Retry", "replace", "/spec/retryPolicy/perTryTimeout", "\"-1s\"", "spec.retryPolicy.perTryTimeout",
                        "duration"),
                c("Retry", "replace", "/spec/destinations/0/kind", "\"ServiceAccount\"", "spec.destinations[0].kind",
                        "supported values: \"Service\""),
                c("AccessControl", "replace", "/spec/sources", "[]", "spec.sources", "at least one item"),
                c("AccessCert", "replace", "/spec/subjectAltNames", "[]", "spec.subjectAltNames", "at least one item"),
                c("AccessCert", "remove", "/spec/secret/namespace", null, "spec.secret.namespace", "Required value"),
                // SMI
                c("TrafficSplit", "replace", "/spec/backends/0/weight", "-1", "spec.backends[0].weight", "between 0 and"),
                c("TrafficSplit", "replace", "/spec/backends", "[{\"service\": \"a\", \"weight\": 0}]", "spec.backends",
                        "weights add up to 0"),
                c("TrafficSplit", "replace", "/spec/matches/0/kind", "\"TCPRoute\"", "spec.matches[0].kind",
                        "supported values: \"HTTPRouteGroup\""),
                c("TrafficSplit", "replace", "/spec/backends/1/service", "\"httpbin-v1\"", "spec.backends[1]",
                        "Duplicate value"),
                c("HTTPRouteGroup", "replace", "/spec/matches/0/pathRegex", "\"([a-z\"", "spec.matches[0].pathRegex",
                        "RE2 regular expression"),
                c("HTTPRouteGroup", "replace", "/spec/matches/0/methods/0", "\"FETCH\"", "spec.matches[0].methods[0]",
                        "Unsupported value: \"FETCH\""),
                c("HTTPRouteGroup", "replace", "/spec/matches/0/headers/0/user-agent", "\"(\"",
                        "spec.matches[0].headers[0][user-agent]", "RE2 regular expression"),
                c("HTTPRouteGroup", "add", "/spec/matches/-", "{\"name\": \"test\"}", "spec.matches[1]",
                        "Duplicate value: \"test\""),
                c("TCPRoute", "replace", "/spec/matches/ports/0", "0", "spec.matches.ports[0]", "between 1 and 65535"),
                c("TrafficTarget", "replace", "/spec/rules/0/kind", "\"UDPRoute\"", "spec.rules[0].kind",
                        "supported values: \"HTTPRouteGroup\", \"TCPRoute\""),
                c("TrafficTarget", "replace", "/spec/destination/namespace", "\"other\"", "spec.destination.namespace",
                        "must be the TrafficTarget's own namespace \"tcp-demo\""),
                // MeshConfig
                c("MeshConfig", "add", "/spec/traffic/enableEgres", "true", "spec.traffic.enableEgres", "Unknown field"),
                c("MeshConfig", "replace", "/spec/traffic/outboundIPRangeExclusionList/0", "\"54.91.118.50\"",
                        "spec.traffic.outboundIPRangeExclusionList[0]", "CIDR"),
                c("MeshConfig", "replace", "/spec/ingress/tls/sslPassthrough/upstreamPort", "0",
                        "spec.ingress.tls.sslPassthrough.upstreamPort", "between 1 and 65535"),
                c("MeshConfig", "replace", "/spec/sidecar/localProxyMode", "\"Pod\"", "spec.sidecar.localProxyMode",
                        "supported values: \"Localhost\", \"PodIP\""),
                c("MeshConfig", "replace", "/spec/warmup/duration", "\"90\"", "spec.warmup.duration", "duration"),
                c("MeshConfig", "add", "/spec/certificate", INGRESS_GATEWAY_CERT.formatted("24"),
                        "spec.certificate.ingressGateway.validityDuration", "must be a duration"),
                c("MeshConfig", "add", "/spec/certificate", INGRESS_GATEWAY_CERT.formatted("30s"),
                        "spec.certificate.ingressGateway.validityDuration", "between 1m and 87600h"),
                c("MeshConfig", "add", "/spec/certificate", INGRESS_GATEWAY_CERT.formatted("100000h"),
                        "spec.certificate.ingressGateway.validityDuration", "between 1m and 87600h"),
                c("MeshConfig", "replace", "/spec/traffic/enableEgress", "\"false\"", "spec.traffic.enableEgress",
                        "must be a boolean"),
                // plugin.flomesh.io
                c("Plugin", "replace", "/spec/priority", "70000", "spec.priority", "between 0 and 65535"),
                c("Plugin", "remove", "/spec/pipyscript", null, "spec.pipyscript", "Required value"),
                c("Plugin", "add", "/metadata/namespace", "\"curl\"", "metadata.namespace", "Plugin is cluster-scoped"),
                c("PluginChain", "replace", "/spec/chains/0/name", "\"inbound-udp\"", "spec.chains[0].name",
                        "Unsupported value: \"inbound-udp\""),
                c("PluginChain", "remove", "/spec/selectors/podSelector/matchExpressions/0/values", null,
                        "spec.selectors.podSelector.matchExpressions[0].values", "operator is In or NotIn"),
                c("PluginChain", "replace", "/spec/selectors/podSelector/matchExpressions/0/operator", "\"Has\"",
                        "spec.selectors.podSelector.matchExpressions[0].operator", "Unsupported value"),
                c("PluginConfig", "replace", "/spec/destinationRefs/0/kind", "\"Deployment\"",
                        "spec.destinationRefs[0].kind", "supported values: \"Service\""),
                c("PluginConfig", "remove", "/spec/plugin", null, "spec.plugin", "Required value"),
                c("PluginConfig", "replace", "/spec/config", "\"AccessToken=abc\"", "spec.config",
                        "must be an object, not a string"),
                // multi-cluster
                c("ServiceExport", "replace", "/spec/loadBalancer", "\"round-robin\"", "spec.loadBalancer",
                        "supported values: \"RoundRobinLoadBalancer\", \"HashingLoadBalancer\", \"LeastWorkLoadBalancer\""),
                c("ServiceExport", "replace", "/spec/rules", "[]", "spec.rules", "at least one item"),
                c("ServiceExport", "replace", "/spec/rules/0/path", "\"cluster-1\"", "spec.rules[0].path", "absolute path"),
                c("ServiceImport", "replace", "/spec/type", "\"External\"", "spec.type", "Unsupported value"),
                c("ServiceImport", "add", "/spec/ips", "[\"10.0.0.1\", \"10.0.0.2\"]", "spec.ips",
                        "Too many: 2: must have at most 1 items"),
                c("GlobalTrafficPolicy", "replace", "/spec/lbType", "\"Random\"", "spec.lbType",
                        "supported values: \"Locality\", \"ActiveActive\", \"FailOver\""),
                c("GlobalTrafficPolicy", "remove", "/spec/targets", null, "spec.targets",
                        "FailOver needs at least one target cluster"),
                c("GlobalTrafficPolicy", "replace", "/spec/targets/0/clusterKey", "\"cluster-1\"",
                        "spec.targets[0].clusterKey", "region/zone/group/cluster"),
                c("Cluster", "replace", "/spec/gatewayPort", "0", "spec.gatewayPort", "between 1 and 65535"),
                c("Cluster", "replace", "/spec/gatewayHost", "\"not a host!\"", "spec.gatewayHost",
                        "IP address or a host name"),
                c("Cluster", "add", "/metadata/namespace", "\"default\"", "metadata.namespace", "cluster-scoped"));
    }

    @Test
    void passthroughAllowedTakesExactHostsOnly() throws Exception {
        ObjectNode tree = ValidManifests.parse("Ingress").toJson();
        ((ObjectNode) tree.at("/metadata/annotations")).put("meshgate.io/tls-passthrough-allowed", "true");
        assertThat(VALIDATOR.validate(new ResourceCodec().fromJson(tree))).as("an exact host").isEmpty();
        ((ObjectNode) tree.at("/spec/rules/0")).put("host", "*.example.com");

        List<FieldError> errors = VALIDATOR.validate(new ResourceCodec().fromJson(tree));

        assertThat(errors).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("spec.rules[0].host");
            assertThat(error.message()).contains("must be an exact host name when meshgate.io/tls-passthrough-allowed"
                    + " is true");
        });
    }

    private static Case c(String kind, String op, String pointer, String value, String field, String message) {
        return new Case(kind, op, pointer, value, field, message);
    }

    @Test
    void everyBaseManifestIsValidAndEveryKindHasOne() {
        assertThat(ValidManifests.BY_KIND.keySet()).containsExactlyInAnyOrderElementsOf(KindRegistry.standard().kindNames());
        for (String kind : ValidManifests.BY_KIND.keySet()) {
            assertThat(VALIDATOR.validate(ValidManifests.parse(kind))).as(kind).isEmpty();
        }
    }

    @Test
    void everyKindHasInvalidCases() {
        assertThat(cases().map(Case::kind).distinct()).containsExactlyInAnyOrderElementsOf(
                KindRegistry.standard().kindNames());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theErrorNamesTheFieldAndWhatIsAllowed(Case test) throws Exception {
        ObjectNode tree = ValidManifests.parse(test.kind()).toJson();
        ObjectNode op = JSON.createObjectNode().put("op", test.op()).put("path", test.pointer());
        if (test.value() != null) {
            op.set("value", JSON.readTree(test.value()));
        }
        ArrayNode patch = JSON.createArrayNode().add(op);
        JsonNode mutated = JsonPatch.apply(tree, patch);
        Resource resource = new ResourceCodec().fromJson(mutated);

        List<FieldError> errors = VALIDATOR.validate(resource);

        assertThat(errors).as("errors of %s", test).anySatisfy(error -> {
            assertThat(error.field()).isEqualTo(test.field());
            assertThat(error.message()).contains(test.message());
        });
    }
}
