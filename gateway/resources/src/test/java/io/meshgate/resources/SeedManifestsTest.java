package io.meshgate.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The FSM demo manifests (the functional spec) parse, and every one of a served kind validates. */
class SeedManifestsTest {
    private static final ResourceCodec CODEC = new ResourceCodec();
    private static final ResourceValidator VALIDATOR = ResourceValidator.standard();
    private static final KindRegistry KINDS = KindRegistry.standard();

    static Stream<SeedFiles.Apply> applies() {
        return SeedFiles.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("applies")
    void everyServedManifestValidates(SeedFiles.Apply apply) {
        List<Resource> resources = CODEC.parseYaml(apply.expanded());
        assertThat(resources).as("documents of %s", apply).isNotEmpty();
        for (Resource resource : resources) {
            if (KINDS.byKind(resource.kind()).isPresent()) {
                Resource applied = resource.withDefaultNamespace(apply.namespace());
                assertThat(VALIDATOR.validate(applied)).as("%s in %s", applied, apply).isEmpty();
            }
        }
    }

    @Test
    void theSeedCoversTwentyKindsWithOneHundredAndTwentyOneManifests() {
        Map<String, Integer> served = new TreeMap<>();
        Map<String, Integer> other = new TreeMap<>();
        for (SeedFiles.Apply apply : SeedFiles.all()) {
            for (Resource resource : CODEC.parseYaml(apply.expanded())) {
                (KINDS.byKind(resource.kind()).isPresent() ? served : other).merge(resource.kind(), 1, Integer::sum);
            }
        }
        assertThat(served).containsOnlyKeys("AccessCert", "AccessControl", "Cluster", "ConfigMap", "Egress",
                "GlobalTrafficPolicy", "HTTPRouteGroup", "Ingress", "IngressBackend", "Plugin", "PluginChain",
                "PluginConfig", "Retry", "Service", "ServiceAccount", "ServiceExport", "TCPRoute", "TrafficSplit",
                "TrafficTarget", "UpstreamTrafficSetting");
        assertThat(served.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(121);
        assertThat(other).containsOnlyKeys("Deployment");
    }

    @Test
    void everyMeshConfigMergePatchOfTheSeedAppliesToTheDefaultsAndValidates() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Resource meshConfig = MeshConfigDefaults.resource();
        List<String> lines = SeedFiles.read("meshconfig-patches.txt").lines()
                .filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
        assertThat(lines).hasSize(46);
        for (String line : lines) {
            JsonNode patch = json.readTree(line.substring(line.indexOf(' ') + 1));
            Resource patched = MergePatch.apply(meshConfig, patch);
            assertThat(VALIDATOR.validate(patched)).as("patch at demo line %s", line).isEmpty();
            assertThat(patched.key()).isEqualTo(meshConfig.key());
            meshConfig = patched;
        }
        // the demos end with ingressGateway re-added by the 3.4 'kubectl edit', after the 6.2 scenarios removed it
        assertThat(meshConfig.spec().at("/certificate/ingressGateway/secret/name").asText())
                .isEqualTo("fsm-nginx-client-cert");
        assertThat(meshConfig.spec().at("/featureFlags/enablePluginPolicy").asBoolean()).isTrue();
        assertThat(meshConfig.spec().at("/observability/tracing/address").asText()).isEqualTo("otel-collector.default");
    }

    @Test
    void theRemovalPatchOfSection62DeletesTheIngressGatewayCertificate() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Resource withGateway = MergePatch.apply(MeshConfigDefaults.resource(), json.readTree(
                "{\"spec\":{\"certificate\":{\"ingressGateway\":{\"secret\":{\"name\":\"c\",\"namespace\":\"fsm-system\"},"
                        + "\"subjectAltNames\":[\"fsm.fsm-system.cluster.local\"],\"validityDuration\":\"24h\"}}}}"));
        Resource removed = MergePatch.apply(withGateway,
                json.readTree("{\"spec\":{\"certificate\":{\"ingressGateway\":null}}}"));
        assertThat(withGateway.spec().at("/certificate/ingressGateway").isObject()).isTrue();
        assertThat(removed.spec().at("/certificate").has("ingressGateway")).isFalse();
        assertThat(removed.spec().at("/certificate/certKeyBitSize").asInt()).isEqualTo(2048);
    }

    @Test
    void theServiceImportAndServiceExportThatSection5PrintsAreValidSpecs() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Resource serviceImport = Resource.withSpec("multicluster.flomesh.io/v1alpha1", "ServiceImport",
                ObjectMeta.of("httpbin", "httpbin"), (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree("""
                        {"ports": [{"endpoints": [
                            {"clusterKey": "default/default/default/cluster-1",
                             "target": {"host": "192.168.1.110", "ip": "192.168.1.110", "path": "/cluster-1/httpbin-mesh", "port": 81}},
                            {"clusterKey": "default/default/default/cluster-3",
                             "target": {"host": "192.168.1.110", "ip": "192.168.1.110", "path": "/cluster-3/httpbin-mesh", "port": 83}}],
                          "port": 8080, "protocol": "TCP"}],
                         "serviceAccountName": "httpbin", "type": "ClusterSetIP"}"""));
        Resource serviceExport = Resource.withSpec("flomesh.io/v1alpha1", "ServiceExport",
                ObjectMeta.of("httpbin", "httpbin"), (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree("""
                        {"loadBalancer": "RoundRobinLoadBalancer",
                         "rules": [{"path": "/cluster-3/httpbin-mesh", "pathType": "Prefix", "portNumber": 8080}],
                         "serviceAccountName": "*"}"""));
        assertThat(VALIDATOR.validate(serviceImport)).isEmpty();
        assertThat(VALIDATOR.validate(serviceExport)).isEmpty();
    }

    @Test
    void theTcpRoutingPageAsPrintedIsRejectedAtTheLineWhereItsIndentationBroke() {
        String printed = SeedFiles.read("as-printed/1.3-tcp-routing.yaml");
        assertThatThrownBy(() -> CODEC.parseYaml(printed))
                .isInstanceOfSatisfying(ResourceParseException.class, e -> {
                    assertThat(e.documentIndex()).isEqualTo(1);
                    assertThat(lineAt(printed, e.line())).isEqualTo("    name: curl");
                });
    }

    @Test
    void theTraefikPageAsPrintedIsRejectedAtItsMisindentedLine() {
        String printed = SeedFiles.read("as-printed/3.5-traefik-ingress.yaml");
        assertThatThrownBy(() -> CODEC.parseYaml(printed))
                .isInstanceOfSatisfying(ResourceParseException.class, e -> {
                    assertThat(e.documentIndex()).isZero();
                    assertThat(lineAt(printed, e.line())).isEqualTo("     http:");
                });
    }

    @Test
    void theSmiIllustrationWithoutApiVersionIsRejectedAsKubectlWould() {
        assertThatThrownBy(() -> CODEC.parseYaml(SeedFiles.read("as-printed/5.1-smi-example.yaml")))
                .isInstanceOfSatisfying(ResourceParseException.class, e -> {
                    assertThat(e.documentIndex()).isZero();
                    assertThat(e.line()).isEqualTo(1);
                    assertThat(e.problem()).contains("apiVersion is required");
                });
    }

    @Test
    void theFirstDocumentOfTheBrokenTcpRoutingPageWouldFailValidationToo() {
        String printed = SeedFiles.read("as-printed/1.3-tcp-routing.yaml");
        String firstDocument = printed.substring(0, printed.indexOf("---"));
        Resource route = CODEC.parseYaml(firstDocument).get(0).withDefaultNamespace("default");
        List<String> fields = new ArrayList<>();
        VALIDATOR.validate(route).forEach(error -> fields.add(error.field()));
        assertThat(fields).contains("metadata.name", "name", "namespace", "matches", "spec");
    }

    private static String lineAt(String text, int line) {
        return text.split("\n", -1)[line - 1];
    }
}
