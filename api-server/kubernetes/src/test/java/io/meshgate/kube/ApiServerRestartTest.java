package io.meshgate.kube;

import static io.meshgate.kube.Fixtures.get;
import static io.meshgate.kube.IngressControllerTest.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshgate.config.ProxyConfig;
import io.meshgate.ingress.IngressTranslator;
import io.meshgate.kernel.Kernel;
import io.meshgate.kernel.KernelOptions;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The API server goes away and comes back on the same address with its objects (the mock server is
 * stopped and started again in place): meanwhile the kernel keeps serving the last config, and
 * afterwards the informers have re-listed and re-watched, so new changes are served again.
 */
class ApiServerRestartTest {
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

    @Test
    void theLastConfigIsServedWhileTheApiServerIsDownAndChangesFlowAgainAfterItReturns() {
        client.resource(Fixtures.httpbinService()).create();
        client.resource(Fixtures.slice("httpbin-1", "127.0.0.1", backend.port(), true)).create();
        client.resource(Fixtures.seedIngress()).create();
        controller = IngressController.start(client, IngressControllerTest.testOptions(), kernel::apply, "pod-a",
                Duration.ofSeconds(30));
        int port = awaitPort();
        eventually().untilAsserted(() -> assertThat(get(port, "example.com", "/hi").body()).isEqualTo(LoopbackBackend.HI));
        ProxyConfig before = controller.applied();

        cluster.stop();
        // the watches break (the mock server lets open connections finish first, which can take a
        // while) and are retried; nothing is rebuilt from an empty state, traffic is unaffected
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> !controller.watching());
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(get(port, "example.com", "/hi").body()).isEqualTo(LoopbackBackend.HI);
            assertThat(controller.applied()).isSameAs(before);
        });

        cluster.restart();
        eventually().until(controller::watching);
        // a change made after the restart reaches the kernel: the informers watch again
        eventually().ignoreExceptions().untilAsserted(() -> {
            client.network().v1().ingresses().inNamespace("httpbin").withName("httpbin").edit(ingress -> {
                ingress.getSpec().getRules().getFirst().getHttp().getPaths().get(1).setPath("/after-restart");
                return ingress;
            });
        });
        eventually().untilAsserted(() ->
                assertThat(get(port, "example.com", "/after-restart").body()).isEqualTo("httpbin /after-restart"));
        assertThat(get(port, "example.com", "/hi").statusCode()).isEqualTo(404);
    }

    private int awaitPort() {
        eventually().until(() -> kernel.port(IngressTranslator.HTTP_LISTENER) > 0);
        return kernel.port(IngressTranslator.HTTP_LISTENER);
    }
}
