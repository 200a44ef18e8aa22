package io.meshgate.kube;

import static io.meshgate.kube.IngressControllerTest.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.meshgate.config.ProxyConfig;
import io.meshgate.kernel.Kernel;
import io.meshgate.kernel.KernelOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The leader writes FSM IngressBackend status (mock API server, CRUD mode): seed 3.2's
 * IngressBackend for httpbin, whose source is the ingress gateway's Service.
 */
class IngressBackendStatusControllerTest {
    private MockCluster cluster;
    private KubernetesClient client;
    private Kernel kernel;
    private IngressController controller;

    @BeforeEach
    void setUp() {
        cluster = new MockCluster();
        client = cluster.newClient();
        kernel = Kernel.start(KernelOptions.defaults(), ProxyConfig.empty());
    }

    @AfterEach
    void tearDown() {
        if (controller != null) {
            controller.close();
        }
        kernel.shutdown(Duration.ZERO);
        cluster.close();
    }

    private void startController() {
        controller = IngressController.start(client, IngressControllerTest.testOptions(), kernel::apply, "test-a",
                Duration.ofSeconds(30));
    }

    private NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList,
            Resource<GenericKubernetesResource>> ingressBackends() {
        return client.genericKubernetesResources(ClusterInformers.ingressBackendContext()).inNamespace("httpbin");
    }

    /** Seed 3.2's IngressBackend: backend {@code service}:8000 over http, source fsm-system/fsm-ingress. */
    static GenericKubernetesResource ingressBackend(String name, String service) {
        return new GenericKubernetesResourceBuilder().withApiVersion("policy.flomesh.io/v1alpha1")
                .withKind("IngressBackend").withNewMetadata().withNamespace("httpbin").withName(name).endMetadata()
                .addToAdditionalProperties("spec", Map.of(
                        "backends", List.of(Map.of("name", service, "port", Map.of("number", 8000, "protocol", "http"))),
                        "sources", List.of(Map.of("kind", "Service", "name", "fsm-ingress", "namespace", "fsm-system"))))
                .build();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> status(String name) {
        GenericKubernetesResource object = ingressBackends().withName(name).get();
        return object == null || !(object.getAdditionalProperties().get("status") instanceof Map<?, ?> m)
                ? Map.of() : (Map<String, Object>) m;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> condition(Map<String, Object> status, String type) {
        if (status.get("conditions") instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Map<?, ?> c && type.equals(c.get("type"))) {
                    return (Map<String, Object>) c;
                }
            }
        }
        return Map.of();
    }

    @Test
    void theLeaderWritesCommittedNotEnforcedAndFollowsTheBackendService() {
        client.resource(Fixtures.httpbinService()).create();
        ingressBackends().resource(ingressBackend("httpbin", "httpbin")).create();
        startController();

        eventually().until(() -> "committed".equals(status("httpbin").get("currentStatus")));
        Map<String, Object> status = status("httpbin");
        assertThat(status.get("reason")).isEqualTo("successfully committed by the system");
        assertThat(condition(status, "Enforced")).containsEntry("status", "False").containsEntry("reason", "NoSidecarsYet");
        assertThat(condition(status, "ResolvedRefs")).containsEntry("status", "True");
        String since = (String) condition(status, "Enforced").get("lastTransitionTime");
        assertThat(since).isNotBlank();
        // the write's own event leads to a rebuild, which finds nothing to write
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> controller.statusWrites() == 1);

        client.services().inNamespace("httpbin").withName("httpbin").delete();
        eventually().until(() -> "error".equals(status("httpbin").get("currentStatus")));
        status = status("httpbin");
        assertThat(status.get("reason")).isEqualTo("backend service httpbin/httpbin not found");
        assertThat(condition(status, "ResolvedRefs")).containsEntry("status", "False")
                .containsEntry("reason", "BackendNotFound");
        assertThat(condition(status, "Enforced").get("lastTransitionTime")).as("Enforced did not change")
                .isEqualTo(since);
    }

    @Test
    void anIngressBackendCreatedLaterWithoutItsServiceGetsAnErrorStatus() {
        startController();
        eventually().until(() -> controller.isLeader());

        ingressBackends().resource(ingressBackend("orphan", "nowhere")).create();

        eventually().until(() -> "error".equals(status("orphan").get("currentStatus")));
        assertThat(status("orphan").get("reason")).isEqualTo("backend service httpbin/nowhere not found");
        assertThat(condition(status("orphan"), "Enforced")).containsEntry("status", "False");
    }
}
