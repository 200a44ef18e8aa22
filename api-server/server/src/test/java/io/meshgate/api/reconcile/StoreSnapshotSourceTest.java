package io.meshgate.api.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.db.Actor;
import io.meshgate.db.Database;
import io.meshgate.db.DatabaseConfig;
import io.meshgate.reconcile.ResourceSnapshot;
import io.meshgate.reconcile.SnapshotObject;
import io.meshgate.resources.Resource;
import io.meshgate.resources.ResourceKey;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store as a snapshot source: typed objects at one revision, each parsed once per version. */
class StoreSnapshotSourceTest {
    @TempDir
    Path dir;
    Database db;
    StoreSnapshotSource source;

    @BeforeEach
    void open() {
        db = Database.open(DatabaseConfig.h2File(dir));
        source = new StoreSnapshotSource(db.resources(), List.of("ConfigMap", "Service"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private long put(String name, String value) {
        db.resources().write(Actor.system("test"), tx -> tx.put("ConfigMap", "x", name,
                "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name
                        + "\",\"namespace\":\"x\"},\"data\":{\"v\":\"" + value + "\"}}", null, null));
        return db.resources().currentRevision();
    }

    @Test
    void objectsAreTypedAndCarryTheirStoreVersion() {
        long written = put("a", "1");
        ResourceSnapshot snapshot = source.read();

        assertThat(snapshot.revision()).isEqualTo(db.resources().currentRevision());
        SnapshotObject a = snapshot.object(new ResourceKey("ConfigMap", "x", "a")).orElseThrow();
        assertThat(a.version()).isEqualTo(Long.toString(written));
        assertThat(a.resource().field("data").path("v").asText()).isEqualTo("1");
        assertThat(a.generation()).isEqualTo(1);
        assertThat(snapshot.list("Service")).isEmpty();
    }

    @Test
    void anUnchangedObjectIsParsedOnceAcrossPasses() {
        put("a", "1");
        put("b", "1");
        Resource first = source.read().get(new ResourceKey("ConfigMap", "x", "a")).orElseThrow();
        assertThat(source.parses()).isEqualTo(2);

        put("b", "2"); // a write to b only
        ResourceSnapshot next = source.read();
        assertThat(source.parses()).as("b again, a not").isEqualTo(3);
        assertThat(next.get(new ResourceKey("ConfigMap", "x", "a"))).containsSame(first);
        assertThat(next.get(new ResourceKey("ConfigMap", "x", "b")).orElseThrow().field("data").path("v").asText())
                .isEqualTo("2");

        source.read();
        assertThat(source.parses()).as("nothing changed").isEqualTo(3);
    }

    @Test
    void commitsAreTheChangeSignal() {
        AtomicInteger changes = new AtomicInteger();
        Runnable listener = changes::incrementAndGet;
        source.addChangeListener(listener);
        put("a", "1");
        assertThat(changes).hasValue(1);
        source.removeChangeListener(listener);
        put("a", "2");
        assertThat(changes).hasValue(1);
    }
}
