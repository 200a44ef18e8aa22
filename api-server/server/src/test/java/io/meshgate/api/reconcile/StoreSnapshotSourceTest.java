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
        source = new StoreSnapshotSource(db.resources(), db.events(), List.of("ConfigMap", "Service"));
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
    void aLaterReadTakesTheChangedRowsFromTheEventLogAndKeepsTheOthers() {
        put("a", "1");
        put("b", "1");
        put("c", "1");
        ResourceSnapshot first = source.read();
        Resource a = first.get(key("a")).orElseThrow();
        assertThat(source.parses()).isEqualTo(3);

        put("b", "2");
        delete("c");
        ResourceSnapshot next = source.read();

        assertThat(source.parses()).as("b's new version only: a unchanged, c deleted").isEqualTo(4);
        assertThat(source.fullReads()).as("the first read lists, the next reads events").isEqualTo(1);
        assertThat(next.revision()).isEqualTo(db.resources().currentRevision());
        assertThat(next.get(key("a"))).containsSame(a);
        assertThat(next.object(key("b")).orElseThrow().version())
                .isEqualTo(Long.toString(db.resources().get("ConfigMap", "x", "b").orElseThrow().resourceVersion()));
        assertThat(next.get(key("b")).orElseThrow().field("data").path("v").asText()).isEqualTo("2");
        assertThat(next.get(key("c"))).as("deleted").isEmpty();
        assertThat(next.list("ConfigMap")).extracting(r -> r.metadata().name()).containsExactly("a", "b");
        assertThat(next.contentRevision()).isEqualTo(next.revision());
    }

    @Test
    void anObjectDeletedAndCreatedAgainBetweenTwoReadsIsTheNewOne() {
        put("a", "1");
        source.read();
        delete("a");
        put("a", "2");
        assertThat(source.read().get(key("a")).orElseThrow().field("data").path("v").asText()).isEqualTo("2");
    }

    @Test
    void kindsOutsideTheSnapshotAreIgnored() {
        put("a", "1");
        source.read();
        db.resources().write(Actor.system("test"), tx -> tx.put("Secret", "x", "s",
                "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"s\",\"namespace\":\"x\"}}",
                null, null));
        ResourceSnapshot next = source.read();
        assertThat(source.parses()).isEqualTo(1);
        assertThat(next.revision()).isEqualTo(db.resources().currentRevision());
        assertThat(next.list("Secret")).isEmpty();
        assertThat(next.contentRevision()).as("nothing the translators read changed").isLessThan(next.revision());
    }

    @Test
    void whenTheEventLogWasTrimmedPastTheLastReadEverythingIsListedAgain() {
        db.close();
        db = Database.open(DatabaseConfig.h2File(dir.resolve("trimmed")).withEventRetention(2));
        source = new StoreSnapshotSource(db.resources(), db.events(), List.of("ConfigMap", "Service"));
        put("a", "1");
        put("b", "1");
        put("c", "1");
        Resource a = source.read().get(key("a")).orElseThrow();
        put("b", "2");
        delete("c");
        put("d", "1");

        ResourceSnapshot next = source.read();

        assertThat(source.fullReads()).isEqualTo(2);
        assertThat(next.revision()).isEqualTo(db.resources().currentRevision());
        assertThat(next.list("ConfigMap")).extracting(r -> r.metadata().name()).containsExactly("a", "b", "d");
        assertThat(next.get(key("a"))).as("unchanged, kept parsed").containsSame(a);
        assertThat(source.parses()).as("a, b, c, then b and d").isEqualTo(5);
    }

    private static ResourceKey key(String name) {
        return new ResourceKey("ConfigMap", "x", name);
    }

    private void delete(String name) {
        db.resources().write(Actor.system("test"), tx -> tx.delete("ConfigMap", "x", name, null));
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
