package io.meshgate.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.meshgate.config.Cluster;
import io.meshgate.config.Listener;
import io.meshgate.config.ProxyConfig;
import io.meshgate.kube.ControllerOptions.LeaderTiming;
import io.meshgate.reconcile.ProxyIdentity;
import io.meshgate.reconcile.ReconcileObserver;
import io.meshgate.reconcile.Reconciler;
import io.meshgate.reconcile.TranslatorRegistry;
import io.meshgate.reconcile.distribution.ConfigBoard;
import io.meshgate.reconcile.distribution.PublishedConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole control plane on a cluster (fabric8's mock API server, CRUD mode): the seed's mesh and
 * policies created in the cluster reach the sidecars' configs through the one reconciler and every
 * translator; the translators' conditions land in the objects' status subresources, written by the
 * leader only and only when they change; every change is observed for the audit history.
 */
class ClusterControlPlaneTest {
    private static final String CURL = "sidecar.curl.curl-54ccc6954c-9rlvp";
    private static final String HTTPBIN = "sidecar.httpbin.httpbin-5b8b94b9-lt2vs";
    private static final LeaderTiming FAST_LEASE =
            new LeaderTiming(Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofMillis(250));

    private final MockCluster cluster = new MockCluster();
    private final NamespacedKubernetesClient client = cluster.newClient();
    private final ConfigBoard board = new ConfigBoard();
    private final List<ObservedChange> observed = new CopyOnWriteArrayList<>();
    private ClusterControlPlane controlPlane;
    private Reconciler reconciler;

    @BeforeEach
    void seed() {
        ClusterManifests.read("/cluster/mesh.yaml").forEach(object -> ClusterManifests.create(client, object));
        client.discovery().v1().endpointSlices().inNamespace("httpbin").resource(slice("httpbin", "httpbin-abc",
                "10.244.1.5", 14001, "httpbin-5b8b94b9-lt2vs")).create();
        client.discovery().v1().endpointSlices().inNamespace("curl").resource(slice("curl", "curl-abc",
                "10.244.2.7", 80, "curl-54ccc6954c-9rlvp")).create();
    }

    @AfterEach
    void close() {
        if (reconciler != null) {
            reconciler.close();
        }
        if (controlPlane != null) {
            controlPlane.close();
        }
        board.close();
        cluster.close();
    }

    @Test
    void sidecarsGetTheirConfigsFromTheCluster() {
        start();

        ProxyConfig curl = awaitConfig(CURL);
        assertThat(curl.listeners()).extracting(Listener::name).contains("outbound", "inbound");
        assertThat(curl.clusters()).extracting(Cluster::name).contains("httpbin/httpbin|14001");
        Cluster httpbin = curl.clusters().stream().filter(c -> c.name().equals("httpbin/httpbin|14001")).findFirst()
                .orElseThrow();
        assertThat(httpbin.toString()).contains("10.244.1.5");

        // a change in the cluster reaches the config: the Service's endpoint moves
        client.discovery().v1().endpointSlices().inNamespace("httpbin").withName("httpbin-abc").delete();
        client.discovery().v1().endpointSlices().inNamespace("httpbin").resource(slice("httpbin", "httpbin-def",
                "10.244.1.9", 14001, "httpbin-5b8b94b9-lt2vs")).create();
        // between the delete and the create the cluster may have no endpoints (or be left out): only an
        // assertion error makes the wait go on, so a missing cluster is a text the assertion rejects
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(board.current(CURL)
                .flatMap(c -> c.config().clusters().stream().filter(cl -> cl.name().equals("httpbin/httpbin|14001"))
                        .findFirst()).map(Object::toString).orElse("no cluster httpbin/httpbin|14001"))
                .contains("10.244.1.9").doesNotContain("10.244.1.5"));
    }

    @Test
    void theLeaderWritesTheTranslatorsConditionsIntoStatusSubresources() {
        start();

        for (String[] object : List.of(new String[] {"Retry", "curl", "retry"},
                new String[] {"TrafficSplit", "httpbin", "httpbin-split"},
                new String[] {"UpstreamTrafficSetting", "httpbin", "http-circuit-breaking"},
                new String[] {"Egress", "curl", "httpbin-org"},
                new String[] {"TrafficTarget", "httpbin", "curl-to-httpbin"})) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                GenericKubernetesResource stored = ClusterManifests.get(client, object[0], object[1], object[2]);
                assertThat(stored.getAdditionalProperties()).as(object[0] + " status").containsKey("status");
                @SuppressWarnings("unchecked")
                Map<String, Object> status = (Map<String, Object>) stored.getAdditionalProperties().get("status");
                assertThat(status).as(object[0] + " status").containsKey("conditions");
                assertThat(status.get("conditions").toString()).contains("type=Accepted", "observedGeneration");
            });
        }
        assertThat(controlPlane.isLeader()).isTrue();

        // settled: further passes find every status as it should be and write nothing
        long writes = controlPlane.statusWrites();
        long passes = reconciler.passes();
        reconciler.markDirty();
        await().atMost(Duration.ofSeconds(10)).until(() -> reconciler.passes() > passes);
        await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(controlPlane.statusWrites()).isEqualTo(writes));
    }

    @Test
    void aReplicaThatIsNotLeaderWritesNoStatus() {
        // another replica holds the Lease
        try (ClusterControlPlane other = new ClusterControlPlane(cluster.newClient(), "fsm-system",
                ClusterControlPlane.DEFAULT_LEASE_NAME, "other", FAST_LEASE, ObservedChange.Listener.NONE)) {
            other.start(Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(10)).until(other::isLeader);
            start();
            await().atMost(Duration.ofSeconds(20)).until(() -> board.current(CURL).isPresent());
            await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(controlPlane.statusWrites()).isZero());
            assertThat(controlPlane.isLeader()).isFalse();
        }
    }

    @Test
    void everyChangeIsObservedWithItsFieldManager() {
        start();
        await().atMost(Duration.ofSeconds(10)).until(() -> observed.stream()
                .anyMatch(c -> c.kind().equals("Retry") && c.beforeJson() == null));

        // the leader may write the Retry's status between this read and the update (409): read again then
        await().atMost(Duration.ofSeconds(10)).ignoreExceptionsMatching(e -> e instanceof KubernetesClientException k
                && k.getCode() == 409).until(() -> {
                    updateNumRetries(3);
                    return true;
                });

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(observed).anySatisfy(c -> {
            assertThat(c.kind()).isEqualTo("Retry");
            assertThat(c.statusOnly()).isFalse();
            assertThat(c.beforeJson()).contains("\"numRetries\":5");
            assertThat(c.afterJson()).contains("\"numRetries\":3");
            assertThat(c.actor()).isEqualTo("kubectl-client-side-apply");
        }));

        ClusterManifests.create(client, ClusterManifests.read("/cluster/mesh.yaml").stream()
                .filter(o -> o.getKind().equals("Egress")).findFirst().map(o -> {
                    o.getMetadata().setName("another");
                    return o;
                }).orElseThrow());
        client.genericKubernetesResources(WatchedKind.of(io.meshgate.resources.KindRegistry.standard()
                .byKind("Egress").orElseThrow()).context()).inNamespace("curl").withName("another").delete();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(observed).anySatisfy(c -> {
            assertThat(c.kind()).isEqualTo("Egress");
            assertThat(c.name()).isEqualTo("another");
            assertThat(c.afterJson()).isNull();
            assertThat(c.actor()).isEqualTo(ObservedChange.UNKNOWN_ACTOR);
        }));
    }

    /** Sets the Retry's spec.retryPolicy.numRetries in an update by the manager kubectl-client-side-apply. */
    private void updateNumRetries(int value) {
        GenericKubernetesResource retry = ClusterManifests.get(client, "Retry", "curl", "retry");
        retry.getMetadata().setManagedFields(List.of(new io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder()
                .withManager("kubectl-client-side-apply").withOperation("Update").withTime("2026-12-06T10:00:00Z")
                .build()));
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) retry.getAdditionalProperties().get("spec");
        ((Map<String, Object>) spec.get("retryPolicy")).put("numRetries", value);
        client.genericKubernetesResources(WatchedKind.of(io.meshgate.resources.KindRegistry.standard()
                .byKind("Retry").orElseThrow()).context()).inNamespace("curl").resource(retry).update();
    }

    private void start() {
        controlPlane = new ClusterControlPlane(client, "fsm-system", ClusterControlPlane.DEFAULT_LEASE_NAME,
                "test-" + System.nanoTime(), FAST_LEASE, observed::add).start(Duration.ofSeconds(30));
        TranslatorRegistry translators = TranslatorRegistry.standard()
                .withSidecars(new TestWorkloadCertificates())
                .withEgressGateways(new TestWorkloadCertificates());
        reconciler = new Reconciler(controlPlane.source(),
                () -> List.of(new ProxyIdentity(CURL, "sidecar"), new ProxyIdentity(HTTPBIN, "sidecar")),
                translators, board, ReconcileObserver.NONE, Duration.ofMillis(50), controlPlane.statusSink()).start();
    }

    private ProxyConfig awaitConfig(String proxy) {
        await().atMost(Duration.ofSeconds(20)).until(() -> board.current(proxy).isPresent());
        return board.current(proxy).map(PublishedConfig::config).orElseThrow();
    }

    /** A slice as the endpoint slice controller writes it: the Pod behind each address named. */
    private static EndpointSlice slice(String service, String name, String ip, int port, String pod) {
        return new EndpointSliceBuilder().withNewMetadata().withName(name)
                .addToLabels(EndpointSlices.SERVICE_NAME_LABEL, service).endMetadata()
                .withAddressType("IPv4")
                .addNewEndpoint().withAddresses(ip).withNewTargetRef().withKind("Pod").withNamespace(service)
                .withName(pod).endTargetRef().withNewConditions().withReady(true).endConditions().endEndpoint()
                .addNewPort().withName("http").withPort(port).withProtocol("TCP").endPort()
                .build();
    }
}
