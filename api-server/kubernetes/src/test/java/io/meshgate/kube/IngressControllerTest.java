package io.meshgate.kube;

import static io.meshgate.kube.Fixtures.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshgate.config.ProxyConfig;
import io.meshgate.ingress.IngressTranslator;
import io.meshgate.kernel.Kernel;
import io.meshgate.kernel.KernelOptions;
import io.meshgate.kube.ControllerOptions.LeaderTiming;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One controller against the mock API server (CRUD mode): seed 3.2's Ingress, its Service and an
 * EndpointSlice pointing at a loopback backend are created through the Kubernetes API, and real HTTP
 * requests through the kernel's HTTP port show what is served as they change (TrafficSplits included).
 */
class IngressControllerTest {
    static final LeaderTiming FAST_LEASE =
            new LeaderTiming(Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofMillis(250));

    private MockCluster cluster;
    private KubernetesClient client;
    private LoopbackBackend backend;
    private Kernel kernel;
    private IngressController controller;

    @BeforeEach
    void setUp() {
        cluster = new MockCluster();
        client = cluster.newClient();
        backend = new LoopbackBackend();
        kernel = Kernel.start(KernelOptions.defaults(), ProxyConfig.empty());
    }

    @AfterEach
    void tearDown() {
        if (controller != null) {
            controller.close();
        }
        kernel.shutdown(Duration.ZERO);
        backend.close();
        cluster.close();
    }

    static ControllerOptions testOptions() {
        return ControllerOptions.defaults().withBindAddress("127.0.0.1").withPorts(0, 0, -1)
                .withLeaderTiming(FAST_LEASE);
    }

    private void startController() {
        controller = IngressController.start(client, testOptions(), kernel::apply, "test-a", Duration.ofSeconds(30));
    }

    private void createHttpbin() {
        client.resource(Fixtures.httpbinService()).create();
        client.resource(Fixtures.slice("httpbin-1", "127.0.0.1", backend.port(), true)).create();
    }

    static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .ignoreExceptionsInstanceOf(UncheckedIOException.class)
                .ignoreExceptionsInstanceOf(IllegalArgumentException.class);
    }

    private int httpPort() {
        return kernel.port(IngressTranslator.HTTP_LISTENER);
    }

    private void awaitAnswer(String host, String path, int status, String body) {
        eventually().untilAsserted(() -> {
            HttpResponse<String> answer = get(httpPort(), host, path);
            assertThat(answer.statusCode()).as(host + path).isEqualTo(status);
            if (body != null) {
                assertThat(answer.body()).isEqualTo(body);
            }
        });
    }

    @Test
    void seedIngressIsServedAndFollowsUpdatesAndDeletion() {
        createHttpbin();
        client.resource(Fixtures.seedIngress()).create();
        startController();

        awaitAnswer("example.com", "/hi", 200, LoopbackBackend.HI);
        assertThat(get(httpPort(), "example.com", "/").body()).isEqualTo("httpbin /");
        assertThat(get(httpPort(), "example.com", "/get").statusCode()).as("both paths are Exact").isEqualTo(404);
        assertThat(get(httpPort(), "example.org", "/hi").statusCode()).as("another host").isEqualTo(404);

        // /hi becomes /hello
        client.network().v1().ingresses().inNamespace("httpbin").withName("httpbin").edit(ingress -> {
            List<HTTPIngressPath> paths = ingress.getSpec().getRules().getFirst().getHttp().getPaths();
            paths.get(1).setPath("/hello");
            return ingress;
        });
        awaitAnswer("example.com", "/hello", 200, "httpbin /hello");
        assertThat(get(httpPort(), "example.com", "/hi").statusCode()).isEqualTo(404);

        client.network().v1().ingresses().inNamespace("httpbin").withName("httpbin").delete();
        awaitAnswer("example.com", "/hello", 404, null);
        assertThat(get(httpPort(), "example.com", "/").statusCode()).isEqualTo(404);
    }

    @Test
    void endpointsFollowTheEndpointSlices() {
        client.resource(Fixtures.httpbinService()).create();
        client.resource(Fixtures.slice("httpbin-1", "127.0.0.1", backend.port(), false)).create();
        client.resource(Fixtures.seedIngress()).create();
        startController();

        // a route whose Service has no ready endpoint answers 503 rather than falling through
        awaitAnswer("example.com", "/hi", 503, null);
        client.resource(Fixtures.slice("httpbin-1", "127.0.0.1", backend.port(), true)).update();
        awaitAnswer("example.com", "/hi", 200, LoopbackBackend.HI);
        client.resource(Fixtures.slice("httpbin-1", "127.0.0.1", backend.port(), true)).delete();
        awaitAnswer("example.com", "/hi", 503, null);
    }

    @Test
    void aBackendThatIsATrafficSplitsRootGoesToTheSplitsBackends() {
        // the root Service has no ready endpoint: only the split can make /hi answer
        client.resource(Fixtures.httpbinService()).create();
        client.resource(Fixtures.slice("httpbin-1", "127.0.0.1", backend.port(), false)).create();
        Service v2 = Fixtures.httpbinService();
        v2.getMetadata().setName("httpbin-v2");
        v2.getSpec().setClusterIP("10.43.0.11");
        client.resource(v2).create();
        EndpointSlice v2Slice = Fixtures.slice("httpbin-v2-1", "127.0.0.1", backend.port(), true);
        v2Slice.getMetadata().getLabels().put(EndpointSlices.SERVICE_NAME_LABEL, "httpbin-v2");
        client.resource(v2Slice).create();
        client.resource(Fixtures.seedIngress()).create();
        startController();
        awaitAnswer("example.com", "/hi", 503, null);

        var splits = client.genericKubernetesResources(ClusterInformers.crdContext("TrafficSplit")).inNamespace("httpbin");
        splits.resource(Fixtures.SERIALIZATION.unmarshal("""
                apiVersion: split.smi-spec.io/v1alpha4
                kind: TrafficSplit
                metadata: {name: httpbin-split, namespace: httpbin}
                spec:
                  service: httpbin
                  backends: [{service: httpbin-v2, weight: 100}]
                """, GenericKubernetesResource.class)).create();
        awaitAnswer("example.com", "/hi", 200, LoopbackBackend.HI);

        splits.withName("httpbin-split").delete();
        awaitAnswer("example.com", "/hi", 503, null);
    }

    @Test
    void anIngressOfAnotherClassIsIgnored() {
        createHttpbin();
        client.resource(new IngressBuilder(Fixtures.seedIngress()).editSpec().withIngressClassName("nginx").endSpec()
                .build()).create();
        Ingress ours = new IngressBuilder(Fixtures.seedIngress()).editMetadata().withName("ours").endMetadata()
                .editSpec().editFirstRule().withHost("ours.example.com").endRule().endSpec().build();
        client.resource(ours).create();
        client.resource(Fixtures.publishService("10.0.2.4")).create();
        startController();

        awaitAnswer("ours.example.com", "/hi", 200, LoopbackBackend.HI);
        assertThat(get(httpPort(), "example.com", "/hi").statusCode()).as("the nginx-class Ingress").isEqualTo(404);
        assertThat(controller.ingressConditions().keySet())
                .extracting(key -> key.name()).containsExactly("ours");
        eventually().until(() -> statusIps("ours").equals(List.of("10.0.2.4")));
        assertThat(statusIps("httpbin")).as("status of the other class's Ingress is not ours to write").isEmpty();
    }

    @Test
    void theLeaderWritesTheLoadBalancerAddressAndFollowsThePublishService() {
        createHttpbin();
        client.resource(Fixtures.seedIngress()).create();
        client.resource(Fixtures.publishService("10.0.2.4")).create();
        startController();

        eventually().until(() -> statusIps("httpbin").equals(List.of("10.0.2.4")));
        assertThat(controller.isLeader()).isTrue();
        eventually().until(() -> controller.statusWrites() == 1); // counted just after the API call returns
        long writes = 1;

        client.resource(Fixtures.publishService("10.0.2.5")).update();
        eventually().until(() -> statusIps("httpbin").equals(List.of("10.0.2.5")));
        // the status write's own Ingress event leads to a rebuild, which finds nothing to write
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                .until(() -> controller.statusWrites() == writes + 1);
    }

    private List<String> statusIps(String name) {
        Ingress ingress = client.network().v1().ingresses().inNamespace("httpbin").withName(name).get();
        if (ingress == null || ingress.getStatus() == null || ingress.getStatus().getLoadBalancer() == null
                || ingress.getStatus().getLoadBalancer().getIngress() == null) {
            return List.of();
        }
        return ingress.getStatus().getLoadBalancer().getIngress().stream().map(i -> i.getIp()).toList();
    }
}
