package io.meshgate.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.meshgate.config.ProxyConfig;
import io.meshgate.ingress.IngressInputs;
import io.meshgate.ingress.IngressSettings;
import io.meshgate.ingress.IngressTranslation;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The debounced rebuild loop, with inputs and a kernel stand-in under the test's control. */
class TranslateLoopTest {
    private final AtomicReference<Supplier<IngressInputs>> inputs = new AtomicReference<>(() -> inputsFor("a.example.com"));
    private final List<ProxyConfig> applied = new CopyOnWriteArrayList<>();
    private final List<IngressTranslation> translations = new CopyOnWriteArrayList<>();
    private final AtomicBoolean refuse = new AtomicBoolean();
    private TranslateLoop loop;

    private TranslateLoop loop(Duration debounce) {
        loop = new TranslateLoop(() -> inputs.get().get(), IngressSettings.of("127.0.0.1", 0, 0), config -> {
            if (refuse.get()) {
                throw new IllegalArgumentException("port in use");
            }
            applied.add(config);
        }, translations::add, debounce);
        return loop;
    }

    @AfterEach
    void close() {
        loop.close();
    }

    private static IngressInputs inputsFor(String host) {
        Ingress ingress = new IngressBuilder(Fixtures.seedIngress()).editSpec().editFirstRule().withHost(host)
                .endRule().endSpec().build();
        return new ClusterSnapshot(List.of(ingress), List.of(), List.of(Fixtures.httpbinService()),
                List.of(Fixtures.slice("httpbin-1", "10.0.0.1", 8000, true)), List.of(), List.of())
                .toInputs("pipy", new KubeResources());
    }

    private void rebuildAndWait() {
        long before = loop.rounds();
        loop.markDirty();
        await().atMost(Duration.ofSeconds(30)).until(() -> loop.rounds() > before);
    }

    @Test
    void eventsBeforeStartAreIgnoredAndStartBuildsTheFirstConfig() {
        loop(Duration.ofMillis(10));
        loop.markDirty();
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> loop.rounds() == 0);
        loop.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> applied.size() == 1);
        assertThat(loop.applied()).isEqualTo(applied.getFirst());
        assertThat(translations).hasSize(1);
    }

    @Test
    void aBurstOfEventsSharesOneRebuild() {
        loop(Duration.ofSeconds(1)).start();
        await().atMost(Duration.ofSeconds(30)).until(() -> loop.rounds() == 1);
        for (int i = 0; i < 50; i++) {
            loop.markDirty();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> loop.rounds() >= 2);
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(10)).until(() -> loop.rounds() == 2);
    }

    @Test
    void anUnchangedConfigIsNotAppliedAgainButAChangedOneIs() {
        loop(Duration.ofMillis(10)).start();
        await().atMost(Duration.ofSeconds(30)).until(() -> applied.size() == 1);
        rebuildAndWait();
        assertThat(applied).hasSize(1);
        assertThat(translations).hasSize(2);

        inputs.set(() -> inputsFor("b.example.com"));
        rebuildAndWait();
        assertThat(applied).hasSize(2);
        assertThat(applied.get(1)).isNotEqualTo(applied.get(0));
    }

    @Test
    void aRefusedConfigLeavesThePreviousOneAndIsRetriedOnTheNextEvent() {
        loop(Duration.ofMillis(10)).start();
        await().atMost(Duration.ofSeconds(30)).until(() -> applied.size() == 1);
        ProxyConfig first = loop.applied();

        refuse.set(true);
        inputs.set(() -> inputsFor("b.example.com"));
        rebuildAndWait();
        assertThat(loop.applied()).isSameAs(first);

        refuse.set(false);
        rebuildAndWait();
        assertThat(loop.applied()).isNotEqualTo(first);
        assertThat(applied).hasSize(2);
    }

    @Test
    void failingToReadTheInputsKeepsTheConfigAndTheLoopAlive() {
        loop(Duration.ofMillis(10)).start();
        await().atMost(Duration.ofSeconds(30)).until(() -> applied.size() == 1);
        ProxyConfig first = loop.applied();

        inputs.set(() -> {
            throw new IllegalStateException("cache read failed");
        });
        rebuildAndWait();
        assertThat(loop.applied()).isSameAs(first);

        inputs.set(() -> inputsFor("c.example.com"));
        rebuildAndWait();
        assertThat(applied).hasSize(2);
    }
}
