package io.meshgate.kube;

import static io.meshgate.kube.IngressControllerTest.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshgate.config.ProxyConfig;
import io.meshgate.ingress.IngressTranslator;
import io.meshgate.kernel.Kernel;
import io.meshgate.kernel.KernelOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two controller pods (each with its own client and kernel) on one mock API server: both serve
 * traffic, exactly one holds the Lease and writes Ingress status, and when it stops the other takes over.
 */
class LeaderElectionTest {
    private MockCluster cluster;
    private KubernetesClient admin;
    private LoopbackBackend backend;
    private final List<Kernel> kernels = new ArrayList<>();
    private final List<IngressController> controllers = new ArrayList<>();
    private final Map<IngressController, KubernetesClient> clients = new HashMap<>();

    @BeforeEach
    void setUp() {
        cluster = new MockCluster();
        admin = cluster.newClient();
        backend = new LoopbackBackend();
        admin.resource(Fixtures.httpbinService()).create();
        admin.resource(Fixtures.slice("httpbin-1", "127.0.0.1", backend.port(), true)).create();
        admin.resource(Fixtures.seedIngress()).create();
        admin.resource(Fixtures.publishService("10.0.2.4")).create();
    }

    @AfterEach
    void tearDown() {
        controllers.forEach(IngressController::close);
        kernels.forEach(k -> k.shutdown(Duration.ZERO));
        backend.close();
        cluster.close();
    }

    private IngressController startPod(String identity) {
        Kernel kernel = Kernel.start(KernelOptions.defaults(), ProxyConfig.empty());
        kernels.add(kernel);
        KubernetesClient client = cluster.newClient();
        IngressController controller = IngressController.start(client,
                IngressControllerTest.testOptions(), kernel::apply, identity, Duration.ofSeconds(30));
        controllers.add(controller);
        clients.put(controller, client);
        return controller;
    }

    @Test
    void exactlyOneOfTwoControllersWritesStatusAndTheOtherTakesOverWhenItStops() {
        IngressController a = startPod("pod-a");
        IngressController b = startPod("pod-b");

        eventually().until(() -> statusIps().equals(List.of("10.0.2.4")));
        eventually().until(() -> a.statusWrites() + b.statusWrites() == 1);
        assertThat(a.isLeader() && b.isLeader()).as("both lead").isFalse();
        IngressController leader = a.isLeader() ? a : b;
        IngressController follower = leader == a ? b : a;
        assertThat(leader.statusWrites()).isEqualTo(1);
        assertThat(follower.statusWrites()).isZero();
        assertThat(lease().getSpec().getHolderIdentity()).isEqualTo(leader.identity());

        // every pod serves traffic, not only the leader
        for (Kernel kernel : kernels) {
            eventually().untilAsserted(() -> assertThat(Fixtures.get(kernel.port(IngressTranslator.HTTP_LISTENER),
                    "example.com", "/hi").body()).isEqualTo(LoopbackBackend.HI));
        }

        // a publish address change while both run is written once, by the leader
        admin.resource(Fixtures.publishService("10.0.2.5")).update();
        eventually().until(() -> statusIps().equals(List.of("10.0.2.5")));
        eventually().until(() -> leader.statusWrites() == 2); // counted just after the API call returns
        assertThat(follower.statusWrites()).isZero();

        // the leader stops and its process exits (client closed): the Lease was released before
        // close() returned, so the other candidate wins it soon and writes from then on
        leader.close();
        controllers.remove(leader);
        clients.get(leader).close();
        // fabric8 releases a Lease by cutting its duration to 1 s (the holder field stays as it was)
        Lease released = lease();
        assertThat(released.getSpec().getHolderIdentity().equals(follower.identity())
                || released.getSpec().getLeaseDurationSeconds() == 1).as("released or already taken over").isTrue();
        eventually().until(follower::isLeader);
        assertThat(lease().getSpec().getHolderIdentity()).isEqualTo(follower.identity());
        admin.resource(Fixtures.publishService("10.0.2.6")).update();
        eventually().until(() -> statusIps().equals(List.of("10.0.2.6")));
        eventually().until(() -> follower.statusWrites() == 1);
    }

    @Test
    void aLeaderThatVanishesWithoutReleasingIsReplacedAfterTheLeaseExpires() {
        IngressController a = startPod("pod-a");
        eventually().until(a::isLeader);
        IngressController b = startPod("pod-b");
        // pod-b keeps standing while pod-a holds the Lease
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> !b.isLeader());

        // pod-a dies as far as the API server can tell (its client is gone): it neither renews nor
        // releases, so pod-b must wait out the lease duration and then take the Lease over
        clients.get(a).close();
        eventually().until(b::isLeader);
        assertThat(lease().getSpec().getHolderIdentity()).isEqualTo(b.identity());
        assertThat(b.statusWrites()).as("the status pod-a wrote is still right").isZero();
    }

    private Lease lease() {
        return admin.leases().inNamespace("fsm-system").withName("meshgate-ingress-leader").get();
    }

    private List<String> statusIps() {
        Ingress ingress = admin.network().v1().ingresses().inNamespace("httpbin").withName("httpbin").get();
        if (ingress.getStatus() == null || ingress.getStatus().getLoadBalancer() == null
                || ingress.getStatus().getLoadBalancer().getIngress() == null) {
            return List.of();
        }
        return ingress.getStatus().getLoadBalancer().getIngress().stream().map(i -> i.getIp()).toList();
    }
}
