package io.meshgate.api.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshgate.reconcile.ProxyIdentity;
import io.meshgate.reconcile.ReconcileObserver;
import io.meshgate.reconcile.Reconciler;
import io.meshgate.reconcile.Translation;
import io.meshgate.reconcile.Translator;
import io.meshgate.reconcile.TranslatorRegistry;
import io.meshgate.reconcile.distribution.ConfigBoard;
import io.meshgate.reconcile.distribution.PublishedConfig;
import io.meshgate.config.Cluster;
import io.meshgate.config.Endpoint;
import io.meshgate.config.ProxyConfig;
import io.meshgate.db.Actor;
import io.meshgate.db.Database;
import io.meshgate.db.DatabaseConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Reconcile by state: a write that changes the translation publishes once; one that does not, never. */
class ReconcilerTest {
    @TempDir
    Path dir;
    Database db;
    ConfigBoard board;
    Reconciler reconciler;
    final AtomicInteger passes = new AtomicInteger();
    final AtomicInteger published = new AtomicInteger();

    /** One cluster per ConfigMap in namespace "x", endpoint port = data.port; everything else ignored. */
    static final Translator BY_CONFIGMAPS = (snapshot, proxy) -> new Translation(new ProxyConfig("ignored", List.of(),
            snapshot.list("ConfigMap", "x").stream()
                    .map(o -> Cluster.of(o.name(), List.of(Endpoint.of("127.0.0.1",
                            Integer.parseInt(o.field("data").path("port").asText())))))
                    .toList()), java.util.Map.of());

    @BeforeEach
    void start() {
        db = Database.open(DatabaseConfig.h2File(dir));
        board = new ConfigBoard();
        ReconcileObserver counting = new ReconcileObserver() {
            @Override
            public void reconciled(Duration took, int n) {
                published.addAndGet(n);
                passes.incrementAndGet();
            }

            @Override
            public void failed() {
            }
        };
        reconciler = new Reconciler(new StoreSnapshotSource(db.resources(), db.events(), List.of("ConfigMap", "Service")),
                () -> List.of(new ProxyIdentity("p1", "t"), new ProxyIdentity("p2", "none")),
                TranslatorRegistry.standard().with("t", BY_CONFIGMAPS), board, counting, Duration.ofMillis(50)).start();
    }

    @AfterEach
    void stop() {
        reconciler.close();
        db.close();
    }

    private long put(String ns, String name, String json) {
        db.resources().write(Actor.system("test"), tx -> tx.put("ConfigMap", ns, name, json, null, null));
        return db.resources().currentRevision();
    }

    private static String configMap(String ns, String name, int port, String label) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\""
                + ns + "\",\"labels\":{\"l\":\"" + label + "\"}},\"data\":{\"port\":\"" + port + "\"}}";
    }

    private void awaitReconciled(long revision) {
        await().atMost(Duration.ofSeconds(30)).until(() -> reconciler.reconciledRevision() >= revision);
    }

    @Test
    void kindsWithoutATranslatorGetTheEmptyConfig() {
        awaitReconciled(0);
        assertThat(board.current("p2")).map(PublishedConfig::version).hasValue("empty");
        assertThat(board.current("p1")).map(PublishedConfig::version).hasValue("empty");
    }

    @Test
    void publishesAfterAChangingWriteAndNotAfterAnUnrelatedOne() {
        awaitReconciled(0);
        long r1 = put("x", "a", configMap("x", "a", 8080, "one"));
        awaitReconciled(r1);
        PublishedConfig first = board.current("p1").orElseThrow();
        assertThat(first.version()).isEqualTo("r" + r1 + "-" + first.contentHash()).matches("r\\d+-[0-9a-f]{12}");
        assertThat(first.config().clusters()).extracting(Cluster::name).containsExactly("a");
        int publishedBefore = published.get();

        long r2 = put("x", "a", configMap("x", "a", 8080, "two"));       // a label only: same translation
        long r3 = put("elsewhere", "b", configMap("elsewhere", "b", 1, "z")); // a namespace the translator ignores
        awaitReconciled(Math.max(r2, r3));
        assertThat(published.get()).isEqualTo(publishedBefore);
        assertThat(board.current("p1").orElseThrow().version()).isEqualTo(first.version());

        long r4 = put("x", "a", configMap("x", "a", 9090, "two"));
        awaitReconciled(r4);
        PublishedConfig second = board.current("p1").orElseThrow();
        assertThat(second.version()).startsWith("r" + r4 + "-").isNotEqualTo(first.version());
        assertThat(second.json()).contains("9090");
        assertThat(board.current("p2").orElseThrow().version()).isEqualTo("empty");
    }

    @Test
    void aTranslatorThatThrowsKeepsThePreviousConfig() {
        reconciler.close();
        ConfigBoard own = new ConfigBoard();
        AtomicInteger calls = new AtomicInteger();
        Translator flaky = (s, p) -> {
            if (calls.incrementAndGet() > 1) {
                throw new IllegalStateException("boom");
            }
            return BY_CONFIGMAPS.translate(s, p);
        };
        reconciler = new Reconciler(new StoreSnapshotSource(db.resources(), db.events(), List.of("ConfigMap")),
                () -> List.of(new ProxyIdentity("p", "t")),
                TranslatorRegistry.standard().with("t", flaky), own, ReconcileObserver.NONE, Duration.ofMillis(10)).start();
        awaitReconciled(0);
        String before = own.current("p").orElseThrow().version();
        long r = put("x", "a", configMap("x", "a", 1, "l"));
        awaitReconciled(r);
        assertThat(own.current("p").orElseThrow().version()).isEqualTo(before);
    }

    @Test
    void aPassAfterStatusWritesOnlyReusesTheTranslation() {
        reconciler.close();
        AtomicInteger translations = new AtomicInteger();
        Translator counting = (s, p) -> {
            translations.incrementAndGet();
            return BY_CONFIGMAPS.translate(s, p);
        };
        reconciler = new Reconciler(new StoreSnapshotSource(db.resources(), db.events(), List.of("ConfigMap")),
                () -> List.of(new ProxyIdentity("p", "t")),
                TranslatorRegistry.standard().with("t", counting), board, ReconcileObserver.NONE,
                Duration.ofMillis(10)).start();
        long r1 = put("x", "a", configMap("x", "a", 8080, "l"));
        awaitReconciled(r1);
        int before = translations.get();
        String version = board.current("p").orElseThrow().version();

        // what a status write stores: the same object with a status (and, in the store, a new resourceVersion)
        String withStatus = configMap("x", "a", 8080, "l").replaceFirst("}$", ",\"status\":{\"note\":\"seen\"}}");
        long r2 = put("x", "a", withStatus);
        awaitReconciled(r2);
        assertThat(translations.get()).isEqualTo(before);
        assertThat(board.current("p").orElseThrow().version()).isEqualTo(version);

        long r3 = put("x", "a", configMap("x", "a", 9090, "l"));
        awaitReconciled(r3);
        assertThat(translations.get()).isEqualTo(before + 1);
        assertThat(board.current("p").orElseThrow().json()).contains("9090");
    }
}
