package io.meshgate.sidecar.translator;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.config.Cluster;
import io.meshgate.config.DestinationRule;
import io.meshgate.config.DirectResponse;
import io.meshgate.config.MeshListener;
import io.meshgate.config.TunnelMode;
import io.meshgate.resources.Condition;
import io.meshgate.resources.Resource;
import io.meshgate.resources.ResourceCodec;
import io.meshgate.resources.ResourceKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Egress conditions and the cases the golden files do not show. */
class EgressPolicyRulesTest {
    private static final Path CURL = Path.of("src/test/resources/golden/egress-passthrough-off/input.yaml");
    private static final Path MTLS = Path.of("src/test/resources/golden/egress-mtls/input.yaml");
    private static final Workload CURL_POD = new Workload("curl", "curl-54ccc6954c-9rlvp");
    private static final ResourceKey HTTPBIN_80 = new ResourceKey("Egress", "curl", "httpbin-80");

    private static final String POLICIES_ON = """
            apiVersion: config.flomesh.io/v1alpha3
            kind: MeshConfig
            metadata: {name: fsm-mesh-config, namespace: fsm-system}
            spec:
              traffic: {enableEgress: false}
              featureFlags: {enableEgressPolicy: true}
            """;

    private static final String HTTPBIN_POLICY = """
            kind: Egress
            apiVersion: policy.flomesh.io/v1alpha1
            metadata: {name: httpbin-80, namespace: curl}
            spec:
              sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
              hosts: [httpbin.org]
              ports: [{number: 80, protocol: http}]
            """;

    @Test
    void egressPolicyFlagOffAppliesNothingAndSaysWhy() throws IOException {
        SidecarTranslation translation = translate("""
                apiVersion: config.flomesh.io/v1alpha3
                kind: MeshConfig
                metadata: {name: fsm-mesh-config, namespace: fsm-system}
                spec:
                  traffic: {enableEgress: false}
                  featureFlags: {enableEgressPolicy: false}
                """, HTTPBIN_POLICY);
        assertThat(egressRules(translation)).isEmpty();
        assertThat(condition(translation, HTTPBIN_80, Condition.ACCEPTED).holds()).isFalse();
        assertThat(condition(translation, HTTPBIN_80, Condition.ACCEPTED).reason()).isEqualTo("PolicyDisabled");
    }

    @Test
    void withoutAMeshConfigEgressPoliciesApplyAsFsmDefaults() throws IOException {
        SidecarTranslation translation = translate(HTTPBIN_POLICY);
        assertThat(egressRules(translation)).extracting(DestinationRule::name).containsExactly("egress|http|80");
        assertThat(outbound(translation).unmatched()).isEqualTo(MeshListener.UnmatchedDestination.PASSTHROUGH);
        // passthrough is on: hosts the policy does not name are relayed, not answered 403
        assertThat(egressRules(translation).getFirst().virtualHosts().getLast().routes()).singleElement()
                .satisfies(r -> {
                    assertThat(r.filters()).isEmpty();
                    assertThat(r.clusters().getFirst().cluster()).isEqualTo("egress|passthrough");
                });
        assertThat(cluster(translation, "egress|passthrough").connectsToOriginalDestination()).isTrue();
    }

    @Test
    void aPolicyWithoutHostsOpensAnyHostWithoutA403() throws IOException {
        SidecarTranslation translation = translate(POLICIES_ON, """
                kind: Egress
                apiVersion: policy.flomesh.io/v1alpha1
                metadata: {name: any-80, namespace: curl}
                spec:
                  sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
                  ports: [{number: 80, protocol: http}]
                """);
        DestinationRule rule = egressRules(translation).getFirst();
        assertThat(rule.virtualHosts()).singleElement().satisfies(vh -> {
            assertThat(vh.domains()).containsExactly("*");
            assertThat(vh.routes()).singleElement().satisfies(r -> {
                assertThat(r.filters()).isEmpty();
                assertThat(r.clusters().getFirst().cluster()).isEqualTo("egress|curl/any-80|80");
            });
        });
    }

    @Test
    void twoPoliciesOnOnePortShareOneRuleAndA403ForOtherHosts() throws IOException {
        SidecarTranslation translation = translate(POLICIES_ON, HTTPBIN_POLICY, """
                kind: Egress
                apiVersion: policy.flomesh.io/v1alpha1
                metadata: {name: example-80, namespace: curl}
                spec:
                  sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
                  hosts: [example.com, httpbin.org]
                  ports: [{number: 80, protocol: http}, {number: 9000, protocol: grpc}]
                """);
        List<DestinationRule> rules = egressRules(translation);
        assertThat(rules).extracting(DestinationRule::name).containsExactly("egress|http|80", "egress|http|9000");
        DestinationRule port80 = rules.getFirst();
        assertThat(port80.virtualHosts()).extracting(vh -> vh.domains().getFirst())
                .containsExactly("example.com", "httpbin.org", "*");
        // both policies open httpbin.org: the first by name answers, the second's route is never reached
        assertThat(port80.virtualHosts().get(1).routes()).extracting(r -> r.clusters().getFirst().cluster())
                .containsExactly("egress|curl/example-80|80", "egress|curl/httpbin-80|80");
        assertThat(port80.virtualHosts().get(2).routes().getFirst().filters()).containsExactly(DirectResponse.FORBIDDEN);
        assertThat(cluster(translation, "egress|curl/example-80|9000").protocol()).isEqualTo(Cluster.UpstreamProtocol.HTTP2);
    }

    @Test
    void anUnknownProtocolStoredBeforeValidationLeavesOnlyThatPortOut() throws IOException {
        SidecarTranslation translation = translate(POLICIES_ON, """
                kind: Egress
                apiVersion: policy.flomesh.io/v1alpha1
                metadata: {name: httpbin-80, namespace: curl}
                spec:
                  sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
                  hosts: [httpbin.org]
                  ports: [{number: 80, protocol: http}, {number: 81, protocol: quic}]
                """);
        assertThat(egressRules(translation)).extracting(DestinationRule::port).containsExactly(80);
        Condition resolved = condition(translation, HTTPBIN_80, Condition.RESOLVED_REFS);
        assertThat(resolved.reason()).isEqualTo("UnsupportedProtocol");
        assertThat(resolved.message()).contains("spec.ports[1].protocol", "quic");
        assertThat(condition(translation, HTTPBIN_80, Condition.ACCEPTED).holds()).isTrue();
    }

    @Test
    void aPolicyNamingAnotherServiceAccountDoesNotApply() throws IOException {
        SidecarTranslation translation = translate(POLICIES_ON, HTTPBIN_POLICY.replace("name: curl, namespace: curl",
                "name: curl, namespace: elsewhere"));
        assertThat(egressRules(translation)).isEmpty();
    }

    @Test
    void aBrokenSourceStaysOutWhileTheOtherSourceIsServed() throws IOException {
        List<Resource> resources = new ArrayList<>(SidecarTranslatorGoldenTest.read(MTLS));
        resources.addAll(parse("""
                kind: Egress
                apiVersion: policy.flomesh.io/v1alpha1
                metadata: {name: two-sources, namespace: egress-middle}
                spec:
                  sources:
                  - kind: ServiceAccount
                    name: middle
                    namespace: egress-middle
                  - kind: ServiceAccount
                    name: batch
                    namespace: egress-middle
                    mtls: {issuer: other, cert: {sn: 1, subjectAltNames: [a.b], expiration: 2030-1-1 00:00:00,
                           secret: {name: gone, namespace: fsm-system}}}
                  hosts: [e.example.com]
                  ports: [{number: 9100, protocol: http}]
                """));
        SidecarTranslation translation = SidecarTranslator.translate(SidecarInputs.from(resources),
                new Workload("egress-middle", "middle-7965485977-nlnl2"), TestCertificates.of("egress-middle", "middle"));
        ResourceKey key = new ResourceKey("Egress", "egress-middle", "two-sources");
        assertThat(egressRules(translation)).extracting(DestinationRule::port).contains(9100);
        assertThat(condition(translation, key, Condition.ACCEPTED).holds()).isTrue();
        assertThat(condition(translation, key, Condition.ACCEPTED).message()).contains("egress-middle/middle")
                .doesNotContain("egress-middle/batch");
        assertThat(condition(translation, key, Condition.RESOLVED_REFS).message())
                .contains("spec.sources[1].mtls.cert.secret", "fsm-system/gone not found");
    }

    @Test
    void aSecretWithoutCaCrtIsUnusableAndStringDataIsRead() throws IOException {
        String crt = Files.readString(MTLS).lines().filter(l -> l.strip().startsWith("tls.crt:")).findFirst().orElseThrow()
                .strip().substring("tls.crt: ".length());
        String pem = new String(Base64.getDecoder().decode(crt), StandardCharsets.UTF_8);
        List<Resource> resources = new ArrayList<>(SidecarTranslatorGoldenTest.read(MTLS));
        resources.removeIf(r -> r.kind().equals("Secret") && r.name().equals("egress-middle-cert"));
        resources.addAll(parse("""
                apiVersion: v1
                kind: Secret
                metadata: {name: egress-middle-cert, namespace: fsm-system}
                stringData:
                  tls.crt: |
                %s
                  tls.key: "-----BEGIN PRIVATE KEY-----\\nc2VjcmV0\\n-----END PRIVATE KEY-----\\n"
                """.formatted(pem.indent(4).stripTrailing())));
        SidecarTranslation translation = SidecarTranslator.translate(SidecarInputs.from(resources),
                new Workload("egress-middle", "middle-7965485977-nlnl2"), TestCertificates.of("egress-middle", "middle"));
        ResourceKey key = new ResourceKey("Egress", "egress-middle", "server-8443");
        assertThat(condition(translation, key, Condition.ACCEPTED).reason()).isEqualTo("InvalidSecret");
        assertThat(condition(translation, key, Condition.RESOLVED_REFS).message())
                .contains("spec.sources[0].mtls.cert.secret", "has no ca.crt")
                .doesNotContain("c2VjcmV0");
        assertThat(egressRules(translation)).extracting(DestinationRule::port).doesNotContain(8443);
    }

    @Test
    void conditionsNeverCarryKeyMaterial() throws IOException {
        SidecarTranslation translation = SidecarTranslator.translate(SidecarInputs.from(SidecarTranslatorGoldenTest.read(MTLS)),
                new Workload("egress-middle", "middle-7965485977-nlnl2"), TestCertificates.of("egress-middle", "middle"));
        translation.statuses().values().forEach(conditions -> conditions.forEach(c ->
                assertThat(c.message()).doesNotContain("PRIVATE KEY").doesNotContain("BEGIN CERTIFICATE")));
    }

    @Test
    void aGatewayServiceThatDoesNotExistLeavesEgressDirect() throws IOException {
        SidecarTranslation translation = translate(POLICIES_ON, HTTPBIN_POLICY, """
                apiVersion: policy.flomesh.io/v1alpha1
                kind: EgressGateway
                metadata: {name: global, namespace: fsm-system}
                spec:
                  global: [{service: fsm-egress-gateway, namespace: fsm-system}]
                """);
        assertThat(cluster(translation, "egress|curl/httpbin-80|80").tunnel()).isNull();
        assertThat(translation.config().clusters()).extracting(Cluster::name).doesNotContain("egress-gateway");
        ResourceKey gateway = new ResourceKey("EgressGateway", "fsm-system", "global");
        assertThat(condition(translation, gateway, "Routed").reason()).isEqualTo("NoGateway");
        assertThat(condition(translation, gateway, "EndpointsReady").message())
                .contains("spec.global[0]", "fsm-system/fsm-egress-gateway not found");
    }

    @Test
    void socksModeAndTheGatewayServicesOnlyPortComeFromMeshConfigAndTheService() throws IOException {
        SidecarTranslation translation = translate("""
                apiVersion: config.flomesh.io/v1alpha3
                kind: MeshConfig
                metadata: {name: fsm-mesh-config, namespace: fsm-system}
                spec:
                  traffic: {enableEgress: false}
                  featureFlags: {enableEgressPolicy: true}
                  egressGateway: {mode: sock5}
                """, HTTPBIN_POLICY, """
                apiVersion: policy.flomesh.io/v1alpha1
                kind: EgressGateway
                metadata: {name: global, namespace: fsm-system}
                spec:
                  global: [{service: egress, namespace: fsm-system, weight: 3}]
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: egress, namespace: fsm-system}
                spec:
                  clusterIP: 10.96.0.81
                  ports: [{name: socks, port: 1081}]
                ---
                apiVersion: v1
                kind: Endpoints
                metadata: {name: egress, namespace: fsm-system}
                subsets:
                - addresses: [{ip: 10.244.0.21}]
                  ports: [{name: socks, port: 1081}]
                """);
        Cluster egress = cluster(translation, "egress|curl/httpbin-80|80");
        assertThat(egress.tunnel().mode()).isEqualTo(TunnelMode.SOCKS5);
        Cluster gateway = cluster(translation, egress.tunnel().gatewayCluster());
        assertThat(gateway.endpoints()).singleElement().satisfies(e -> {
            assertThat(e.address()).isEqualTo("10.244.0.21");
            assertThat(e.port()).isEqualTo(1081);
            assertThat(e.weight()).isEqualTo(3);
        });
        assertThat(gateway.tls().serverName()).isEqualTo("fsm-egress-gateway.fsm-system.cluster.local");
        assertThat(gateway.tls().clientKey()).isNotNull();
    }

    @Test
    void statusesAreTheSameForEveryWorkload() throws IOException {
        SidecarInputs inputs = SidecarInputs.from(SidecarTranslatorGoldenTest.read(
                Path.of("src/test/resources/golden/egress-policies/input.yaml")));
        SidecarTranslation curl = SidecarTranslator.translate(inputs, CURL_POD, TestCertificates.of("curl", "curl"));
        SidecarTranslation other = SidecarTranslator.translate(inputs, new Workload("curl", "other-7d9c8b6f5-x2x4q"),
                TestCertificates.of("curl", "other"));
        assertThat(curl.statuses()).isEqualTo(other.statuses());
        assertThat(curl.config()).isNotEqualTo(other.config());
    }

    @Test
    void egressSecretsNameOnlyTheMtlsSecrets() throws IOException {
        List<Resource> egresses = SidecarTranslatorGoldenTest.read(MTLS).stream()
                .filter(r -> r.kind().equals("Egress")).toList();
        assertThat(SidecarInputs.egressSecrets(egresses)).containsExactlyInAnyOrder(
                new ResourceKey("Secret", "fsm-system", "mismatched-key"),
                new ResourceKey("Secret", "fsm-system", "egress-middle-cert"),
                new ResourceKey("Secret", "fsm-system", "not-created-yet"));
    }

    private static SidecarTranslation translate(String... yaml) throws IOException {
        List<Resource> resources = new ArrayList<>(SidecarTranslatorGoldenTest.read(CURL));
        resources.removeIf(r -> r.kind().equals("MeshConfig"));
        for (String doc : yaml) {
            resources.addAll(parse(doc));
        }
        return SidecarTranslator.translate(SidecarInputs.from(resources), CURL_POD, TestCertificates.of("curl", "curl"));
    }

    private static List<Resource> parse(String yaml) {
        return new ResourceCodec().parse(yaml).stream().map(r -> r.withDefaultNamespace("default")).toList();
    }

    private static MeshListener outbound(SidecarTranslation translation) {
        return (MeshListener) translation.config().listeners().getFirst();
    }

    private static List<DestinationRule> egressRules(SidecarTranslation translation) {
        return outbound(translation).destinations().stream().filter(r -> r.name().startsWith("egress|")).toList();
    }

    private static Cluster cluster(SidecarTranslation translation, String name) {
        return translation.config().clusters().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    private static Condition condition(SidecarTranslation translation, ResourceKey key, String type) {
        return translation.statuses().get(key).stream().filter(c -> c.type().equals(type)).findFirst().orElseThrow();
    }
}
