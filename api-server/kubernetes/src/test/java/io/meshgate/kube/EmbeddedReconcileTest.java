package io.meshgate.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.meshgate.config.ProxyConfig;
import io.meshgate.ingress.IngressSettings;
import io.meshgate.reconcile.ProxyIdentity;
import io.meshgate.reconcile.ReconcileObserver;
import io.meshgate.reconcile.Reconciler;
import io.meshgate.reconcile.ResourceSnapshot;
import io.meshgate.reconcile.SnapshotSource;
import io.meshgate.reconcile.TranslatorRegistry;
import io.meshgate.reconcile.distribution.ConfigBoard;
import io.meshgate.reconcile.distribution.InProcessProxy;
import io.meshgate.reconcile.ingress.IngressProxyTranslator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes wiring of the shared reconciler, with the cluster state and a kernel stand-in under
 * the test's control: debounced passes, the embedded proxy applying only changed configs, keeping
 * the last good one when refused, and surviving a failed read.
 */
class EmbeddedReconcileTest {
    private final AtomicReference<Supplier<ClusterSnapshot>> cluster =
            new AtomicReference<>(() -> clusterWith("a.example.com"));
    private final List<ProxyConfig> applied = new CopyOnWriteArrayList<>();
    private final AtomicBoolean refuse = new AtomicBoolean();
    private final AtomicInteger failures = new AtomicInteger();
    private final FakeInformers informers = new FakeInformers();
    private InProcessProxy kernel;
    private Reconciler reconciler;

    /** Informer caches the test fills: {@link #changed()} is an informer event. */
    private final class FakeInformers implements SnapshotSource {
        private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
        private final AtomicLong events = new AtomicLong();
        private final KubeResources converter = new KubeResources();

        void changed() {
            events.incrementAndGet();
            listeners.forEach(Runnable::run);
        }

        @Override
        public ResourceSnapshot read() {
            return cluster.get().get().toSnapshot(events.get(), converter);
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

    private Reconciler reconciler(Duration debounce) {
        ConfigBoard board = new ConfigBoard();
        kernel = new InProcessProxy(IngressController.EMBEDDED_PROXY, board, config -> {
            if (refuse.get()) {
                throw new IllegalArgumentException("port in use");
            }
            applied.add(config);
        });
        ReconcileObserver countFailures = new ReconcileObserver() {
            @Override
            public void reconciled(Duration took, int published) {
            }

            @Override
            public void failed() {
                failures.incrementAndGet();
            }
        };
        IngressSettings settings = IngressSettings.of("127.0.0.1", 0, 0);
        reconciler = new Reconciler(informers,
                () -> List.of(new ProxyIdentity(IngressController.EMBEDDED_PROXY, "ingress")),
                TranslatorRegistry.standard(new IngressProxyTranslator(s -> settings, null)), board,
                ReconcileObserver.both(kernel, countFailures), debounce);
        return reconciler;
    }

    @AfterEach
    void close() {
        reconciler.close();
    }

    private static ClusterSnapshot clusterWith(String host) {
        Ingress ingress = new IngressBuilder(Fixtures.seedIngress()).editSpec().editFirstRule().withHost(host)
                .endRule().endSpec().build();
        return new ClusterSnapshot(List.of(ingress), List.of(), List.of(Fixtures.httpbinService()),
                List.of(Fixtures.slice("httpbin-1", "10.0.0.1", 8000, true)), List.of(), List.of());
    }

    /** The first pass is done, its config applied (passes are counted once the kernel has applied). */
    private void awaitFirstPass() {
        await().atMost(Duration.ofSeconds(30)).until(() -> applied.size() == 1 && reconciler.passes() == 1);
    }

    private void rebuildAndWait() {
        long before = reconciler.passes();
        informers.changed();
        await().atMost(Duration.ofSeconds(30)).until(() -> reconciler.passes() > before);
    }

    @Test
    void eventsBeforeStartAreIgnoredAndStartBuildsTheFirstConfig() {
        reconciler(Duration.ofMillis(10));
        informers.changed();
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> reconciler.passes() == 0);
        reconciler.start();
        awaitFirstPass();
        assertThat(kernel.applied()).isEqualTo(applied.getFirst());
        assertThat(reconciler.passes()).isEqualTo(1);
    }

    @Test
    void aBurstOfEventsSharesOnePass() {
        reconciler(Duration.ofSeconds(1)).start();
        await().atMost(Duration.ofSeconds(30)).until(() -> reconciler.passes() == 1);
        for (int i = 0; i < 50; i++) {
            informers.changed();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> reconciler.passes() >= 2);
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(10)).until(() -> reconciler.passes() == 2);
    }

    @Test
    void anUnchangedConfigIsNotAppliedAgainButAChangedOneIs() {
        reconciler(Duration.ofMillis(10)).start();
        awaitFirstPass();
        rebuildAndWait();
        assertThat(applied).hasSize(1);
        assertThat(reconciler.passes()).isEqualTo(2);

        cluster.set(() -> clusterWith("b.example.com"));
        rebuildAndWait();
        assertThat(applied).hasSize(2);
        assertThat(applied.get(1)).isNotEqualTo(applied.get(0));
    }

    @Test
    void aRefusedConfigLeavesThePreviousOneAndIsRetriedOnTheNextEvent() {
        reconciler(Duration.ofMillis(10)).start();
        awaitFirstPass();
        ProxyConfig first = kernel.applied();

        refuse.set(true);
        cluster.set(() -> clusterWith("b.example.com"));
        rebuildAndWait();
        assertThat(kernel.applied()).isSameAs(first);

        refuse.set(false);
        rebuildAndWait();
        assertThat(kernel.applied()).isNotEqualTo(first);
        assertThat(applied).hasSize(2);
    }

    @Test
    void failingToReadTheCachesKeepsTheConfigAndTheLoopAlive() {
        reconciler(Duration.ofMillis(10)).start();
        awaitFirstPass();
        ProxyConfig first = kernel.applied();

        cluster.set(() -> {
            throw new IllegalStateException("cache read failed");
        });
        informers.changed();
        await().atMost(Duration.ofSeconds(30)).until(() -> failures.get() > 0);
        assertThat(kernel.applied()).isSameAs(first);

        cluster.set(() -> clusterWith("c.example.com"));
        rebuildAndWait();
        assertThat(applied).hasSize(2);
    }
}
