package io.meshgate.reconcile.sidecar;

import static io.meshgate.reconcile.sidecar.SidecarFixtures.CURL;
import static io.meshgate.reconcile.sidecar.SidecarFixtures.HTTPBIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshgate.config.Cluster;
import io.meshgate.config.Listener;
import io.meshgate.config.MeshListener;
import io.meshgate.config.ProxyConfig;
import io.meshgate.config.UpstreamTls;
import io.meshgate.reconcile.ProxyIdentity;
import io.meshgate.reconcile.ReconcileObserver;
import io.meshgate.reconcile.Reconciler;
import io.meshgate.reconcile.ResourceSnapshot;
import io.meshgate.reconcile.SnapshotSource;
import io.meshgate.reconcile.TranslatorRegistry;
import io.meshgate.reconcile.distribution.ConfigBoard;
import io.meshgate.reconcile.distribution.PublishedConfig;
import io.meshgate.resources.Condition;
import io.meshgate.resources.ResourceKey;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A registered sidecar proxy gets its workload's config through the one reconciler: the three
 * listeners, mTLS clusters with its own certificate, the inbound listener terminating TLS with it;
 * the same certificate at every pass until a rotation falls due, then a new config.
 */
class SidecarReconcileTest {
    private final RotatingTestCertificates certificates = new RotatingTestCertificates();
    private final ConfigBoard board = new ConfigBoard();
    private final MutableSource source = new MutableSource(SidecarFixtures.snapshot(1, 1, SidecarFixtures.mesh()));
    private Reconciler reconciler;

    @AfterEach
    void close() {
        if (reconciler != null) {
            reconciler.close();
        }
        board.close();
    }

    @Test
    void aRegisteredSidecarGetsThreeListenersAndMutualTlsClusters() {
        start(List.of(new ProxyIdentity(CURL, "sidecar"), new ProxyIdentity(HTTPBIN, "sidecar")));

        ProxyConfig curl = awaitConfig(CURL).config();
        assertThat(curl.listeners()).extracting(Listener::name).containsExactly("outbound", "inbound", "dns");
        Cluster httpbin = cluster(curl, "httpbin/httpbin|14001");
        UpstreamTls tls = httpbin.tls();
        assertThat(tls).isNotNull();
        assertThat(tls.verify()).isTrue();
        assertThat(tls.verifyHostName()).isTrue();
        assertThat(tls.serverName()).isEqualTo("httpbin.httpbin.cluster.local");
        assertThat(tls.trustedCaPem()).isEqualTo(RotatingTestCertificates.CA);
        assertThat(tls.clientCertificatePem()).isEqualTo(RotatingTestCertificates.chain("curl.curl.cluster.local", 0));
        MeshListener inbound = (MeshListener) curl.listeners().get(1);
        assertThat(inbound.tls().certificateChainPem()).isEqualTo(tls.clientCertificatePem());

        ProxyConfig httpbinConfig = awaitConfig(HTTPBIN).config();
        MeshListener httpbinInbound = (MeshListener) httpbinConfig.listeners().get(1);
        assertThat(httpbinInbound.destinations()).singleElement().satisfies(rule -> {
            assertThat(rule.port()).isEqualTo(14001);
            assertThat(rule.access().grants()).extracting(g -> g.name())
                    .containsExactly("TrafficTarget/httpbin/curl-to-httpbin", "IngressBackend/httpbin/httpbin");
        });
        // the TrafficTarget's conditions reach the status sink
        assertThat(reconciler.statuses().get(new ResourceKey("TrafficTarget", "httpbin", "curl-to-httpbin")))
                .extracting(Condition::type).containsExactly(Condition.ACCEPTED, Condition.RESOLVED_REFS);
    }

    @Test
    void theSameCertificateServesEveryPassUntilARotationFallsDue() {
        start(List.of(new ProxyIdentity(CURL, "sidecar")));
        PublishedConfig first = awaitConfig(CURL);

        // a change beyond statuses: translated again, the certificate is the same, nothing is published
        long passes = reconciler.passes();
        source.set(SidecarFixtures.snapshot(2, 2, SidecarFixtures.mesh()));
        await().atMost(Duration.ofSeconds(10)).until(() -> reconciler.passes() > passes);
        assertThat(board.current(CURL)).contains(first);

        certificates.rotate();
        reconciler.markDirty();
        await().atMost(Duration.ofSeconds(10)).until(() -> !board.current(CURL).orElseThrow().version()
                .equals(first.version()));
        Cluster httpbin = cluster(board.current(CURL).orElseThrow().config(), "httpbin/httpbin|14001");
        assertThat(httpbin.tls().clientCertificatePem())
                .isEqualTo(RotatingTestCertificates.chain("curl.curl.cluster.local", 1));
    }

    @Test
    void aSidecarWhosePodDoesNotExistYetWaitsWithAnEmptyConfig() {
        source.set(SidecarFixtures.snapshot(1, 1, SidecarFixtures.without(SidecarFixtures.mesh(), "Pod", "curl",
                "curl-54ccc6954c-9rlvp")));
        start(List.of(new ProxyIdentity(CURL, "sidecar")));
        assertThat(awaitConfig(CURL).config().listeners()).isEmpty();
        assertThat(certificates.issued()).isEmpty();
        assertThat(reconciler.statuses()).doesNotContainKey(new ResourceKey("TrafficTarget", "httpbin", "curl-to-httpbin"));

        source.set(SidecarFixtures.snapshot(2, 2, SidecarFixtures.mesh()));
        await().atMost(Duration.ofSeconds(10)).until(() -> !board.current(CURL).orElseThrow().config().listeners().isEmpty());
        assertThat(certificates.issued()).contains("curl.curl.cluster.local");
    }

    private void start(List<ProxyIdentity> proxies) {
        reconciler = new Reconciler(source, () -> proxies, TranslatorRegistry.standard().withSidecars(certificates),
                board, ReconcileObserver.NONE, Duration.ofMillis(10)).start();
    }

    private PublishedConfig awaitConfig(String proxy) {
        await().atMost(Duration.ofSeconds(10)).until(() -> board.current(proxy).isPresent());
        return board.current(proxy).orElseThrow();
    }

    private static Cluster cluster(ProxyConfig config, String name) {
        return config.clusters().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    /** A snapshot source whose snapshot a test replaces. */
    private static final class MutableSource implements SnapshotSource {
        private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
        private volatile ResourceSnapshot snapshot;

        MutableSource(ResourceSnapshot snapshot) {
            this.snapshot = snapshot;
        }

        void set(ResourceSnapshot next) {
            snapshot = next;
            listeners.forEach(Runnable::run);
        }

        @Override
        public ResourceSnapshot read() {
            return snapshot;
        }

        @Override
        public void addChangeListener(Runnable listener) {
            listeners.add(listener);
        }

        @Override
        public void removeChangeListener(Runnable listener) {
            listeners.remove(listener);
        }
    }
}
