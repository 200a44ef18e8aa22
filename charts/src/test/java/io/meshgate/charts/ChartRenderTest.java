package io.meshgate.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.meshgate.resources.KindRegistry;
import io.meshgate.resources.MeshConfigDefaults;
import io.meshgate.resources.Resource;
import io.meshgate.resources.ResourceCodec;
import io.meshgate.resources.ResourceValidator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * helm lint and helm template of charts/meshgate through a real Helm (helm-java), with the value sets
 * users reach for; every rendered object read with fabric8's typed model and checked.
 */
class ChartRenderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTROLLER = "fsm-controller";
    private static final Map<String, Object> POSTGRES_HA = Map.of(
            "controlPlane.replicas", 3,
            "database.type", "postgresql",
            "database.postgresql.url", "jdbc:postgresql://db.example.internal:5432/meshgate",
            "database.postgresql.existingSecret", "meshgate-db");

    @Test
    void lintPassesStrict() {
        LintResult lint = new Helm(Rendered.CHART).lint().strict().call();
        assertThat(lint.isFailed()).as("helm lint --strict: %s", lint.getMessages()).isFalse();
    }

    @Test
    void defaultsRenderTheControlPlaneIngressGatewayAndWebhooks() {
        Rendered rendered = Rendered.with(Map.of());

        Deployment controller = rendered.get(Deployment.class, CONTROLLER);
        Container cp = controller.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(cp.getImage()).isEqualTo("meshgate/meshgate-control-plane:0.1.0");
        assertThat(cp.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        assertThat(cp.getReadinessProbe().getHttpGet().getScheme()).isEqualTo("HTTPS");
        assertThat(cp.getStartupProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        assertThat(cp.getLivenessProbe().getTcpSocket().getPort().getStrVal()).isEqualTo("api");
        assertThat(cp.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(cp.getResources().getLimits()).containsKey("memory");
        assertThat(env(cp)).containsEntry("MESHGATE_DATABASE", "h2")
                .containsEntry("MESHGATE_LEASE_NAME", "meshgate-controller-leader")
                .containsEntry("MESHGATE_SIDECAR_IMAGE", "meshgate/meshgate-sidecar:0.1.0");
        // the control plane writes the mesh CA into these two configurations' caBundle (no key to the cluster
        // but the CA Secret's: its serving certificate stays in memory, so no webhook certificate Secret)
        assertThat(env(cp)).containsEntry("MESHGATE_WEBHOOK_CERT_SOURCE", "controlPlane")
                .containsEntry("MESHGATE_INJECTOR_WEBHOOK", "meshgate-sidecar-injector")
                .containsEntry("MESHGATE_VALIDATING_WEBHOOK", "meshgate-validator")
                .containsEntry("MESHGATE_CONTROLLER_SERVICE", "fsm-controller.fsm-system.svc")
                .doesNotContainKey("MESHGATE_WEBHOOK_CERT_SECRET");
        // H2 on a claim, one replica, and no overlap of two pods on the one file
        assertThat(controller.getSpec().getReplicas()).isEqualTo(1);
        assertThat(controller.getSpec().getStrategy().getType()).isEqualTo("Recreate");
        String claim = controller.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals("data")).findFirst().orElseThrow()
                .getPersistentVolumeClaim().getClaimName();
        assertThat(rendered.get(PersistentVolumeClaim.class, claim).getSpec().getResources().getRequests())
                .containsKey("storage");
        assertThat(rendered.get(PodDisruptionBudget.class, "meshgate-controller").getSpec().getSelector()
                .getMatchLabels()).isEqualTo(controller.getSpec().getSelector().getMatchLabels());

        Deployment ingress = rendered.get(Deployment.class, "meshgate-ingress");
        Container gateway = ingress.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(gateway.getImage()).isEqualTo("meshgate/meshgate-ingress:0.1.0");
        assertThat(gateway.getArgs()).contains("--ingress-class=pipy", "--publish-service=fsm-system/fsm-ingress",
                "--namespace=fsm-system");
        assertThat(gateway.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/ready");
        Service ingressService = rendered.get(Service.class, "fsm-ingress");
        assertThat(ingressService.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(ingressService.getSpec().getSelector())
                .isEqualTo(ingress.getSpec().getSelector().getMatchLabels());
        assertThat(rendered.find(Deployment.class, "meshgate-egress-gateway")).isEmpty();
        assertThat(rendered.all(GenericKubernetesResource.class)).extracting(HasMetadata::getKind)
                .doesNotContain("ServiceMonitor", "Certificate", "Issuer");

        for (Deployment deployment : rendered.all(Deployment.class)) {
            for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
                assertThat(container.getImage()).as(deployment.getMetadata().getName()).startsWith("meshgate/");
                assertThat(container.getReadinessProbe()).as(deployment.getMetadata().getName()).isNotNull();
                assertThat(container.getLivenessProbe()).as(deployment.getMetadata().getName()).isNotNull();
                assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
            }
            assertThat(deployment.getMetadata().getNamespace()).isEqualTo(Rendered.NAMESPACE);
        }
    }

    @Test
    void webhooksSelectMonitoredNamespacesAndServeOnTheApiPort() {
        Rendered rendered = Rendered.with(Map.of());
        var injector = rendered.get(MutatingWebhookConfiguration.class, "meshgate-sidecar-injector").getWebhooks();
        assertThat(injector).hasSize(1);
        var hook = injector.get(0);
        assertThat(hook.getClientConfig().getService().getName()).isEqualTo(CONTROLLER);
        assertThat(hook.getClientConfig().getService().getNamespace()).isEqualTo(Rendered.NAMESPACE);
        assertThat(hook.getClientConfig().getService().getPath()).isEqualTo("/webhooks/inject");
        assertThat(hook.getClientConfig().getService().getPort()).isEqualTo(9091);
        assertThat(hook.getFailurePolicy()).isEqualTo("Fail");
        assertThat(hook.getSideEffects()).isEqualTo("None");
        assertThat(hook.getAdmissionReviewVersions()).containsExactly("v1");
        assertThat(hook.getNamespaceSelector().getMatchExpressions()).anySatisfy(e -> {
            assertThat(e.getKey()).isEqualTo("flomesh.io/monitored-by");
            assertThat(e.getOperator()).isEqualTo("In");
            assertThat(e.getValues()).containsExactly("fsm");
        });
        assertThat(hook.getNamespaceSelector().getMatchExpressions()).anySatisfy(e -> {
            assertThat(e.getKey()).isEqualTo("kubernetes.io/metadata.name");
            assertThat(e.getOperator()).isEqualTo("NotIn");
            assertThat(e.getValues()).contains(Rendered.NAMESPACE, "kube-system");
        });
        assertThat(hook.getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getResources()).containsExactly("pods");
            assertThat(rule.getOperations()).containsExactly("CREATE");
        });

        var validator = rendered.get(ValidatingWebhookConfiguration.class, "meshgate-validator").getWebhooks().get(0);
        assertThat(validator.getClientConfig().getService().getPath()).isEqualTo("/webhooks/validate");
        assertThat(validator.getClientConfig().getService().getPort()).isEqualTo(9091);
        assertThat(validator.getFailurePolicy()).isEqualTo("Fail");
        // all but the chart's own MeshConfig, which carries the label and passes Meshgate's validator below
        assertThat(validator.getObjectSelector().getMatchExpressions()).singleElement().satisfies(e -> {
            assertThat(e.getKey()).isEqualTo("meshgate.io/validated-by-chart");
            assertThat(e.getOperator()).isEqualTo("DoesNotExist");
        });
        assertThat(rendered.all(GenericKubernetesResource.class).stream().filter(o -> o.getKind().equals("MeshConfig"))
                .findFirst().orElseThrow().getMetadata().getLabels()).containsEntry("meshgate.io/validated-by-chart", "true");
        // every CRD the chart installs, plus Ingress, is validated on create and update
        Set<String> validated = new java.util.HashSet<>();
        validator.getRules().forEach(rule -> {
            assertThat(rule.getOperations()).containsExactlyInAnyOrder("CREATE", "UPDATE");
            rule.getApiGroups().forEach(g -> rule.getResources().forEach(r -> validated.add(r + "." + g)));
        });
        assertThat(validated).contains("ingresses.networking.k8s.io");
        assertThat(validated).containsAll(CrdFiles.render().keySet().stream().filter(f -> f.startsWith("crds/"))
                .map(f -> f.substring("crds/".length(), f.length() - ".yaml".length())).toList());
    }

    @Test
    void rbacGrantsNoWildcardsAndOnlyWhatEachComponentUses() {
        Rendered rendered = Rendered.with(Map.of("egressGateway.enabled", true));
        List<PolicyRule> rules = Stream.concat(
                rendered.all(ClusterRole.class).stream().flatMap(r -> r.getRules().stream()),
                rendered.all(Role.class).stream().flatMap(r -> r.getRules().stream())).toList();
        assertThat(rules).isNotEmpty().allSatisfy(rule -> {
            assertThat(rule.getVerbs()).doesNotContain("*", "escalate", "bind", "impersonate");
            assertThat(rule.getResources()).doesNotContain("*");
            assertThat(rule.getApiGroups()).doesNotContain("*");
        });
        // the gateway only reads, but for statuses, Events and its Lease
        ClusterRole ingress = rendered.get(ClusterRole.class, "meshgate-ingress-fsm-system");
        assertThat(ingress.getRules()).allSatisfy(rule -> {
            boolean writes = rule.getVerbs().stream().anyMatch(v -> !Set.of("get", "list", "watch").contains(v));
            if (writes) {
                assertThat(rule.getResources()).allMatch(r -> r.endsWith("/status") || r.equals("events"));
                assertThat(rule.getVerbs()).doesNotContain("delete");
            }
        });
        // it reads TrafficSplits, as the standalone gateway honours them (IngressSplits)
        assertThat(ingress.getRules()).filteredOn(r -> r.getApiGroups().contains("split.smi-spec.io")).singleElement()
                .satisfies(rule -> {
                    assertThat(rule.getResources()).containsExactly("trafficsplits");
                    assertThat(rule.getVerbs()).containsExactly("get", "list", "watch");
                });
        // webhook configurations: only the chart's two, by name, only get and patch (the caBundle)
        ClusterRole controller = rendered.get(ClusterRole.class, "fsm-controller-fsm-system");
        assertThat(controller.getRules()).filteredOn(r -> r.getApiGroups().contains("admissionregistration.k8s.io"))
                .hasSize(2).allSatisfy(rule -> {
                    assertThat(rule.getResourceNames()).hasSize(1);
                    assertThat(rule.getVerbs()).containsExactly("get", "patch");
                });
        assertThat(controller.getRules()).filteredOn(r -> r.getResources().contains("pods"))
                .allSatisfy(rule -> assertThat(rule.getVerbs()).containsExactly("get", "list", "watch"));
        // sidecars' service-account tokens are checked with TokenReviews: create, nothing else
        assertThat(controller.getRules()).filteredOn(r -> r.getResources().contains("tokenreviews")).singleElement()
                .satisfies(rule -> {
                    assertThat(rule.getApiGroups()).containsExactly("authentication.k8s.io");
                    assertThat(rule.getResources()).containsExactly("tokenreviews");
                    assertThat(rule.getVerbs()).containsExactly("create");
                });
        assertThat(rendered.get(Role.class, CONTROLLER).getRules()).singleElement()
                .satisfies(rule -> assertThat(rule.getResources()).containsExactly("leases"));
        // the egress gateway talks only to the control plane
        assertThat(rendered.find(ClusterRole.class, "meshgate-egress-gateway-fsm-system")).isEmpty();
        assertThat(rendered.get(Deployment.class, "meshgate-egress-gateway").getSpec().getTemplate().getSpec()
                .getAutomountServiceAccountToken()).isFalse();
    }

    @Test
    void ingressServiceTypeComesFromValues() {
        Rendered rendered = Rendered.with(Map.of("ingressGateway.service.type", "LoadBalancer",
                "ingressGateway.service.loadBalancerSourceRanges[0]", "10.0.0.0/8",
                "ingressGateway.service.externalTrafficPolicy", "Local"));
        Service service = rendered.get(Service.class, "fsm-ingress");
        assertThat(service.getSpec().getType()).isEqualTo("LoadBalancer");
        assertThat(service.getSpec().getLoadBalancerSourceRanges()).containsExactly("10.0.0.0/8");
        assertThat(service.getSpec().getExternalTrafficPolicy()).isEqualTo("Local");
        assertThat(service.getSpec().getPorts()).extracting(p -> p.getPort()).containsExactly(80, 443);
    }

    @Test
    void egressGatewayIsOptional() throws Exception {
        Rendered rendered = Rendered.with(Map.of("egressGateway.enabled", true));
        Container egress = rendered.get(Deployment.class, "meshgate-egress-gateway").getSpec().getTemplate()
                .getSpec().getContainers().get(0);
        assertThat(egress.getImage()).isEqualTo("meshgate/meshgate-egress-gateway:0.1.0");
        assertThat(env(egress)).containsEntry("MESHGATE_SERVER", "https://fsm-controller.fsm-system.svc:9091");
        // no hand-made Secret: the projected service-account token (audience meshgate, as the sidecars'),
        // exchanged at start for the proxy token; the mesh CA from the ConfigMap the control plane publishes
        assertThat(egress.getEnv()).noneSatisfy(e -> assertThat(e.getName()).isEqualTo("MESHGATE_PROXY_TOKEN"));
        assertThat(env(egress)).containsEntry("MESHGATE_TOKEN_FILE", "/var/run/secrets/meshgate/serviceaccount/token")
                .containsEntry("MESHGATE_PROXY_NAME", "egress-gateway.fsm-system")
                .containsEntry("MESHGATE_CA_FILE", "/etc/meshgate/ca/ca.crt");
        assertThat(egress.getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getName()).isEqualTo("meshgate-token");
            assertThat(m.getMountPath()).isEqualTo("/var/run/secrets/meshgate/serviceaccount");
        });
        var podSpec = rendered.get(Deployment.class, "meshgate-egress-gateway").getSpec().getTemplate().getSpec();
        assertThat(podSpec.getAutomountServiceAccountToken()).as("the token is projected explicitly").isFalse();
        assertThat(podSpec.getServiceAccountName()).isEqualTo("meshgate-egress-gateway");
        assertThat(podSpec.getVolumes()).filteredOn(v -> v.getName().equals("meshgate-token")).singleElement()
                .satisfies(v -> assertThat(v.getProjected().getSources()).singleElement().satisfies(source -> {
                    assertThat(source.getServiceAccountToken().getAudience()).isEqualTo("meshgate");
                    assertThat(source.getServiceAccountToken().getExpirationSeconds()).isEqualTo(3600L);
                    assertThat(source.getServiceAccountToken().getPath()).isEqualTo("token");
                }));
        assertThat(podSpec.getVolumes()).noneSatisfy(v -> assertThat(v.getSecret()).isNotNull());
        // the control plane knows that service account and the proxy it may act as
        Container controller = rendered.get(Deployment.class, CONTROLLER).getSpec().getTemplate().getSpec()
                .getContainers().get(0);
        assertThat(env(controller)).containsEntry("MESHGATE_EGRESS_GATEWAY_SERVICE_ACCOUNT",
                "fsm-system/meshgate-egress-gateway").containsEntry("MESHGATE_EGRESS_GATEWAY_PROXY_NAME",
                "egress-gateway.fsm-system");
        Container withoutEgress = Rendered.with(Map.of()).get(Deployment.class, CONTROLLER).getSpec().getTemplate()
                .getSpec().getContainers().get(0);
        assertThat(env(withoutEgress)).doesNotContainKey("MESHGATE_EGRESS_GATEWAY_SERVICE_ACCOUNT");
        assertThat(egress.getArgs()).contains("--data-dir=/var/lib/meshgate", "--admin-address=0.0.0.0");
        assertThat(egress.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/var/lib/meshgate"));
        assertThat(rendered.get(Service.class, "fsm-egress-gateway").getSpec().getPorts().get(0).getPort())
                .isEqualTo(1080);
        // the tunnel port is the MeshConfig's: FSM's key moves gateway, Service and MeshConfig together
        Rendered moved = Rendered.with(Map.of("egressGateway.enabled", true, "fsm.egressGateway.port", 1081));
        assertThat(moved.get(Service.class, "fsm-egress-gateway").getSpec().getPorts().get(0).getPort()).isEqualTo(1081);
        assertThat(moved.get(Deployment.class, "meshgate-egress-gateway").getSpec().getTemplate().getSpec()
                .getContainers().get(0).getPorts().get(0).getContainerPort()).isEqualTo(1081);
        assertThat(meshConfig(moved).body().path("spec").path("egressGateway").path("enabled").asBoolean()).isTrue();
    }

    @Test
    void postgresqlWithThreeReplicasDropsTheClaim() {
        Rendered rendered = Rendered.with(POSTGRES_HA);
        Deployment controller = rendered.get(Deployment.class, CONTROLLER);
        assertThat(controller.getSpec().getReplicas()).isEqualTo(3);
        assertThat(controller.getSpec().getStrategy()).isNull();
        assertThat(rendered.all(PersistentVolumeClaim.class)).isEmpty();
        Container cp = controller.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(env(cp)).containsEntry("MESHGATE_DATABASE", "postgresql")
                .containsEntry("MESHGATE_DATABASE_URL", "jdbc:postgresql://db.example.internal:5432/meshgate");
        assertThat(cp.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("MESHGATE_DATABASE_PASSWORD");
            assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("meshgate-db");
        });
        assertThat(rendered.get(PodDisruptionBudget.class, "meshgate-controller").getSpec().getMaxUnavailable()
                .getIntVal()).isEqualTo(1);
    }

    @Test
    void serviceMonitorWhenAskedFor() {
        Rendered rendered = Rendered.with(Map.of("serviceMonitor.enabled", true, "serviceMonitor.labels.release", "prom"));
        GenericKubernetesResource monitor = rendered.all(GenericKubernetesResource.class).stream()
                .filter(o -> o.getKind().equals("ServiceMonitor")).findFirst().orElseThrow();
        assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prom");
        Service metrics = rendered.get(Service.class, "meshgate-ingress-metrics");
        assertThat(metrics.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(metrics.getSpec().getPorts().get(0).getName()).isEqualTo("metrics");
        JsonNode endpoint = JSON.valueToTree(monitor.getAdditionalProperties()).path("spec").path("endpoints").get(0);
        assertThat(endpoint.path("port").asText()).isEqualTo("metrics");
        assertThat(endpoint.path("path").asText()).isEqualTo("/metrics");
    }

    @Test
    void certManagerIssuesTheWebhookCertificateAndInjectsTheCaBundle() {
        Rendered rendered = Rendered.with(Map.of("webhooks.certificate.source", "certManager"));
        assertThat(rendered.get(MutatingWebhookConfiguration.class, "meshgate-sidecar-injector").getMetadata()
                .getAnnotations()).containsEntry("cert-manager.io/inject-ca-from", "fsm-system/meshgate-webhook-cert");
        GenericKubernetesResource certificate = rendered.all(GenericKubernetesResource.class).stream()
                .filter(o -> o.getKind().equals("Certificate") && o.getMetadata().getName().equals("meshgate-webhook-cert"))
                .findFirst().orElseThrow();
        assertThat(JSON.valueToTree(certificate.getAdditionalProperties()).path("spec").path("dnsNames").toString())
                .contains("fsm-controller.fsm-system.svc");
        Container cp = rendered.get(Deployment.class, CONTROLLER).getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(env(cp)).containsEntry("MESHGATE_API_TLS_CERT", "/etc/meshgate/webhook-tls/tls.crt")
                .containsEntry("MESHGATE_API_TLS_KEY", "/etc/meshgate/webhook-tls/tls.key")
                .containsEntry("MESHGATE_WEBHOOK_CERT_SOURCE", "certManager");
        assertThat(cp.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/etc/meshgate/webhook-tls"));
        // the control plane then needs no right on the webhook configurations
        assertThat(rendered.get(ClusterRole.class, "fsm-controller-fsm-system").getRules())
                .noneMatch(r -> r.getApiGroups().contains("admissionregistration.k8s.io"));
    }

    @Test
    void meshConfigDefaultsAreFsmsButForTheSidecarImageAndPassMeshgatesValidator() throws Exception {
        Resource rendered = meshConfig(Rendered.with(Map.of()));
        assertThat(new ResourceValidator(KindRegistry.standard()).validate(rendered)).isEmpty();
        ObjectNode spec = (ObjectNode) rendered.body().get("spec").deepCopy();
        assertThat(spec.path("clusterSet").path("uid").asText()).hasSize(36);
        assertThat(spec.path("sidecar").path("sidecarImage").asText()).isEqualTo("meshgate/meshgate-sidecar:0.1.0");
        // the same uid on the next upgrade (template time has no cluster to look the old one up in)
        assertThat(meshConfig(Rendered.with(Map.of())).body().path("spec").path("clusterSet").path("uid"))
                .isEqualTo(spec.path("clusterSet").path("uid"));
        // what the release runs: the ingress gateway by default (FSM's chart leaves its own off), no egress gateway
        assertThat(spec.path("ingress").path("enabled").asBoolean()).isTrue();
        assertThat(spec.path("egressGateway").path("enabled").asBoolean()).isFalse();
        ObjectNode defaults = (ObjectNode) MeshConfigDefaults.resource().body().get("spec").deepCopy();
        for (ObjectNode tree : List.of(spec, defaults)) {
            ((ObjectNode) tree.get("clusterSet")).remove("uid");
            ((ObjectNode) tree.get("sidecar")).remove("sidecarImage");
            ((ObjectNode) tree.get("ingress")).remove("enabled");
        }
        assertThat(spec).isEqualTo(defaults);
        assertThat(rendered.name()).isEqualTo("fsm-mesh-config");
        assertThat(rendered.namespace()).isEqualTo("fsm-system");
    }

    @Test
    void fsmInstallKeysChangeTheMeshConfig() throws Exception {
        Resource rendered = meshConfig(Rendered.with(Map.of(
                "fsm.enablePermissiveTrafficPolicy", false,
                "fsm.featureFlags.enableRetryPolicy", true,
                "fsm.egressGateway.port", 1081,
                "meshConfig.spec.sidecar.logLevel", "debug")));
        assertThat(new ResourceValidator(KindRegistry.standard()).validate(rendered)).isEmpty();
        JsonNode spec = rendered.body().get("spec");
        assertThat(spec.path("traffic").path("enablePermissiveTrafficPolicyMode").asBoolean()).isFalse();
        assertThat(spec.path("traffic").path("enableEgress").asBoolean()).isTrue();
        assertThat(spec.path("featureFlags").path("enableRetryPolicy").asBoolean()).isTrue();
        assertThat(spec.path("featureFlags").path("enableEgressPolicy").asBoolean()).isTrue();
        assertThat(spec.path("egressGateway").path("port").asInt()).isEqualTo(1081);
        assertThat(spec.path("sidecar").path("logLevel").asText()).isEqualTo("debug");
    }

    private static Resource meshConfig(Rendered rendered) throws Exception {
        GenericKubernetesResource meshConfig = rendered.all(GenericKubernetesResource.class).stream()
                .filter(o -> o.getKind().equals("MeshConfig")).findFirst().orElseThrow();
        List<Resource> parsed = new ResourceCodec().parseJson(Rendered.serialization().asJson(meshConfig));
        return parsed.get(0);
    }

    private static Map<String, String> env(Container container) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        container.getEnv().stream().filter(e -> e.getValue() != null).forEach(e -> env.put(e.getName(), e.getValue()));
        return env;
    }
}
