package io.meshgate.api;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReviewBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.meshgate.resources.JsonPatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The webhooks with a cluster in the loop: fabric8's mock API server in CRUD mode holds the seed's httpbin
 * Deployment (FSM demo 1.2) and what gets admitted. The mock server does not call webhooks, so the test
 * plays the API server's admission step: it sends the AdmissionReview the API server would send (typed
 * with fabric8's model, serialized by fabric8), applies the returned JSON patch, and creates the object
 * only when the answer allows it. What this proves beyond the HTTP test: the pod built from the real
 * Deployment's template is patched into a Pod that fabric8's typed model reads and a Kubernetes API
 * (the mock) accepts, with FSM's environment; a bad Ingress never reaches the cluster, a good one does.
 */
class AdmissionWebhookMockClusterTest {
    private static final Path SEED_HTTPBIN = Path.of("../../examples/retry-policy/httpbin.yaml");

    @TempDir
    static Path dir;
    static TestServer t;
    static KubernetesMockServer cluster;
    static NamespacedKubernetesClient kube;
    static final KubernetesSerialization JSON = new KubernetesSerialization();

    @BeforeAll
    static void start() throws Exception {
        t = new TestServer(dir);
        cluster = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        cluster.init(InetAddress.getLoopbackAddress(), 0);
        kube = cluster.createClient();
        // kubectl create namespace httpbin; fsm namespace add httpbin (here: through the REST API, where the
        // injector reads it); kubectl apply -f httpbin.yaml -n httpbin
        kube.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("httpbin").endMetadata().build())
                .create();
        assertThat(t.editor.post("/api/v1/apply", "application/yaml", """
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: httpbin
                  labels: {flomesh.io/monitored-by: fsm}
                  annotations: {flomesh.io/sidecar-injection: enabled}
                """).statusCode()).isEqualTo(200);
        try (InputStream in = Files.newInputStream(SEED_HTTPBIN)) {
            for (HasMetadata object : kube.load(in).items()) {
                object.getMetadata().setNamespace("httpbin");
                kube.resource(object).create();
            }
        }
    }

    @AfterAll
    static void stop() {
        if (kube != null) {
            kube.close();
        }
        if (cluster != null) {
            cluster.destroy();
        }
        if (t != null) {
            t.close();
        }
    }

    @Test
    void thePodOfTheSeedsHttpbinDeploymentIsAdmittedWithTheSidecarAndFsmsEnvironment() {
        Deployment deployment = kube.apps().deployments().inNamespace("httpbin").withName("httpbin").get();
        PodTemplateSpec template = deployment.getSpec().getTemplate();
        // what the ReplicaSet controller submits: the template, a generated name, its pod-template-hash label
        Pod submitted = new PodBuilder()
                .withNewMetadata().withName("httpbin-5b8b94b9-x2k7q").withNamespace("httpbin")
                .withLabels(Map.of("app", "httpbin", "pod-template-hash", "5b8b94b9")).endMetadata()
                .withSpec(template.getSpec()).build();

        AdmissionResponse answer = admit("/webhooks/inject", "Pod", "", "v1", "httpbin", submitted);
        assertThat(answer.getAllowed()).isTrue();
        assertThat(answer.getPatchType()).isEqualTo("JSONPatch");
        Pod patched = JSON.unmarshal(JsonPatch.apply(Jsons.read(JSON.asJson(submitted)),
                (com.fasterxml.jackson.databind.node.ArrayNode) Jsons.read(new String(
                        Base64.getDecoder().decode(answer.getPatch()), StandardCharsets.UTF_8))).toString(), Pod.class);
        kube.pods().inNamespace("httpbin").resource(patched).create();

        Pod stored = kube.pods().inNamespace("httpbin").withName("httpbin-5b8b94b9-x2k7q").get();
        assertThat(stored.getSpec().getContainers()).extracting(Container::getName)
                .containsExactly("httpbin", "meshgate-sidecar");
        Container init = stored.getSpec().getInitContainers().get(0);
        assertThat(init.getName()).isEqualTo("meshgate-init");
        assertThat(init.getArgs()).startsWith("sidecar-init", "--proxy-uid", "1500");
        assertThat(init.getSecurityContext().getCapabilities().getAdd()).containsExactly("NET_ADMIN");
        Container sidecar = stored.getSpec().getContainers().get(1);
        Map<String, String> downward = sidecar.getEnv().stream().filter(e -> e.getValueFrom() != null
                        && e.getValueFrom().getFieldRef() != null)
                .collect(Collectors.toMap(EnvVar::getName, e -> e.getValueFrom().getFieldRef().getFieldPath()));
        assertThat(downward).containsExactlyInAnyOrderEntriesOf(Map.of("POD_NAME", "metadata.name",
                "POD_NAMESPACE", "metadata.namespace", "POD_IP", "status.podIP",
                "SERVICE_ACCOUNT", "spec.serviceAccountName"));
        assertThat(sidecar.getSecurityContext().getRunAsUser()).isEqualTo(1500L);
        assertThat(sidecar.getArgs()).containsSubsequence("--labels", "app=httpbin,pod-template-hash=5b8b94b9");
        // the application container is as the Deployment declared it
        assertThat(stored.getSpec().getContainers().get(0)).isEqualTo(template.getSpec().getContainers().get(0));
    }

    @Test
    void aBadIngressIsRefusedWithTheFieldPathAndNeverReachesTheClusterAGoodOneDoes() {
        Ingress bad = ingress("httpbin-bad", "Regex");
        AdmissionResponse refused = admit("/webhooks/validate", "Ingress", "networking.k8s.io", "v1", "httpbin", bad);
        assertThat(refused.getAllowed()).isFalse();
        assertThat(refused.getStatus().getCode()).isEqualTo(422);
        assertThat(refused.getStatus().getDetails().getCauses()).extracting(c -> c.getField())
                .contains("spec.rules[0].http.paths[0].pathType");
        assertThat(refused.getStatus().getMessage()).contains("spec.rules[0].http.paths[0].pathType");

        Ingress good = ingress("httpbin", "Prefix");
        AdmissionResponse allowed = admit("/webhooks/validate", "Ingress", "networking.k8s.io", "v1", "httpbin", good);
        assertThat(allowed.getAllowed()).isTrue();
        kube.network().v1().ingresses().inNamespace("httpbin").resource(good).create();

        assertThat(kube.network().v1().ingresses().inNamespace("httpbin").list().getItems())
                .extracting(i -> i.getMetadata().getName()).containsExactly("httpbin");
    }

    /** The API server's admission step: the review it sends for {@code object}, answered by our webhook. */
    private static AdmissionResponse admit(String path, String kind, String group, String version, String namespace,
                                           HasMetadata object) {
        AdmissionReview review = new AdmissionReviewBuilder().withNewRequest()
                .withUid("uid-" + object.getMetadata().getName())
                .withKind(new io.fabric8.kubernetes.api.model.GroupVersionKind(group, kind, version))
                .withResource(new io.fabric8.kubernetes.api.model.GroupVersionResource(group, kind.toLowerCase() + "s",
                        version))
                .withName(object.getMetadata().getName()).withNamespace(namespace).withOperation("CREATE")
                .withObject(object).withDryRun(false)
                .withNewUserInfo().withUsername("kubernetes-admin").withGroups(List.of("system:masters")).endUserInfo()
                .endRequest().build();
        review.setApiVersion("admission.k8s.io/v1");
        review.setKind("AdmissionReview");
        HttpResponse<String> response = t.anonymous.post(path, "application/json", JSON.asJson(review));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        AdmissionReview answer = JSON.unmarshal(response.body(), AdmissionReview.class);
        assertThat(answer.getResponse().getUid()).isEqualTo(review.getRequest().getUid());
        return answer.getResponse();
    }

    private static Ingress ingress(String name, String pathType) {
        return new IngressBuilder().withNewMetadata().withName(name).withNamespace("httpbin").endMetadata()
                .withNewSpec().withIngressClassName("pipy").addNewRule().withHost("httpbin.org").withNewHttp()
                .addNewPath().withPath("/").withPathType(pathType).withNewBackend().withNewService()
                .withName("httpbin").withNewPort().withNumber(14001).endPort().endService().endBackend().endPath()
                .endHttp().endRule().endSpec().build();
    }
}
