package io.meshgate.api.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshgate.db.Actor;
import io.meshgate.db.Database;
import io.meshgate.db.DatabaseConfig;
import io.meshgate.db.SpecChange;
import io.meshgate.db.StoredObject;
import io.meshgate.resources.Condition;
import io.meshgate.reconcile.ReportedStatus;
import io.meshgate.reconcile.ResourceSnapshot;
import io.meshgate.resources.ResourceKey;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Statuses are written only when they change, keep their transition times, and survive a racing user write. */
class StoreStatusSinkTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ResourceKey KEY = new ResourceKey("Ingress", "demo", "web");
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final Instant T1 = Instant.parse("2026-01-01T11:00:00Z");

    @TempDir
    Path dir;
    Database db;
    StoreSnapshotSource source;
    final List<Long> sinkCalls = new ArrayList<>();

    @BeforeEach
    void open() {
        db = Database.open(DatabaseConfig.h2File(dir));
        source = new StoreSnapshotSource(db.resources(), db.events(), List.of("Ingress"));
        putIngress("a.example");
    }

    @AfterEach
    void close() {
        db.close();
    }

    /** Like the API's status write: refuses a stale version, replaces only status. */
    private final StatusWrite sink = (key, expected, status) -> {
        sinkCalls.add(expected);
        return db.resources().writeAndReturn(Actor.system("system:reconciler"), tx -> {
            StoredObject current = tx.get(key.kind(), key.namespace(), key.name()).orElse(null);
            if (current == null) {
                return StatusWrite.Result.GONE;
            }
            if (current.resourceVersion() != expected) {
                return StatusWrite.Result.CONFLICT;
            }
            ObjectNode body = parse(current.bodyJson());
            body.set("status", status);
            StoredObject after = tx.put(key.kind(), key.namespace(), key.name(), body.toString(), null, expected,
                    SpecChange.UNCHANGED);
            return after.resourceVersion() == expected ? StatusWrite.Result.UNCHANGED : StatusWrite.Result.WRITTEN;
        });
    };

    private void putIngress(String host) {
        String json = "{\"apiVersion\":\"networking.k8s.io/v1\",\"kind\":\"Ingress\",\"metadata\":{\"name\":\"web\","
                + "\"namespace\":\"demo\"},\"spec\":{\"rules\":[{\"host\":\"" + host + "\"}]}}";
        db.resources().write(Actor.system("test-user"), tx -> {
            // a user's write keeps the stored status, as the API does
            ObjectNode body = parse(json);
            tx.get("Ingress", "demo", "web").map(o -> parse(o.bodyJson()).get("status"))
                    .ifPresent(s -> body.set("status", s));
            tx.put("Ingress", "demo", "web", body.toString(), null, null);
        });
    }

    private ResourceSnapshot snapshot() {
        return source.read();
    }

    private int publish(Instant now, ResourceSnapshot snapshot, Condition... conditions) {
        ReportedStatus report = ReportedStatus.of(List.of(conditions));
        return new StoreStatusSink(db.resources(), source, sink, Clock.fixed(now, ZoneOffset.UTC))
                .write(snapshot, Map.of(KEY, report));
    }

    private JsonNode stored() {
        return parse(db.resources().get("Ingress", "demo", "web").orElseThrow().bodyJson());
    }

    private static ObjectNode parse(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anUnchangedReportWritesNothingEvenLater() {
        Condition accepted = Condition.isTrue("Accepted", "Accepted", "served");
        assertThat(publish(T0, snapshot(), accepted)).isEqualTo(1);
        long version = db.resources().currentRevision();
        sinkCalls.clear();

        assertThat(publish(T1, snapshot(), accepted)).isZero();
        assertThat(sinkCalls).as("not even asked").isEmpty();
        assertThat(db.resources().currentRevision()).isEqualTo(version);
        JsonNode condition = stored().at("/status/conditions/0");
        assertThat(condition.path("lastTransitionTime").asText()).isEqualTo("2026-01-01T10:00:00Z");
        assertThat(condition.path("observedGeneration").asLong()).isEqualTo(1);
        assertThat(condition.path("status").asText()).isEqualTo("True");
    }

    @Test
    void aSinkThatSawASettledObjectStillWritesAChangedReportOrAChangedObject() {
        StoreStatusSink one = new StoreStatusSink(db.resources(), source, sink, Clock.fixed(T0, ZoneOffset.UTC));
        ReportedStatus accepted = ReportedStatus.of(List.of(Condition.isTrue("Accepted", "Accepted", "served")));
        assertThat(one.write(snapshot(), Map.of(KEY, accepted))).isEqualTo(1);
        ResourceSnapshot settled = snapshot();
        assertThat(one.write(settled, Map.of(KEY, accepted))).isZero();
        assertThat(one.write(settled, Map.of(KEY, accepted))).isZero();

        // the same object with another report: composed and written, not taken from the last pass
        ReportedStatus refused = ReportedStatus.of(List.of(Condition.isFalse("Accepted", "MissingSecret", "no tls")));
        assertThat(one.write(settled, Map.of(KEY, refused))).isEqualTo(1);
        assertThat(stored().at("/status/conditions/0/reason").asText()).isEqualTo("MissingSecret");

        // a user's change (a new object, generation 2) with the first report again: written
        putIngress("c.example");
        assertThat(one.write(snapshot(), Map.of(KEY, accepted))).isEqualTo(1);
        assertThat(stored().at("/status/conditions/0/observedGeneration").asLong()).isEqualTo(2);
    }

    @Test
    void aChangeThatArrivesWhileStatusesAreWrittenGoesFirstAndTheRestFollowInTheNextPass() {
        ResourceKey other = new ResourceKey("Ingress", "demo", "zz-other");
        db.resources().write(Actor.system("test-user"), tx -> tx.put("Ingress", "demo", "zz-other",
                "{\"apiVersion\":\"networking.k8s.io/v1\",\"kind\":\"Ingress\",\"metadata\":{\"name\":\"zz-other\","
                        + "\"namespace\":\"demo\"},\"spec\":{}}", null, null));
        ReportedStatus accepted = ReportedStatus.of(List.of(Condition.isTrue("Accepted", "Accepted", "served")));
        Map<ResourceKey, ReportedStatus> reports = Map.of(KEY, accepted, other, accepted);
        // a user's change lands right after the first status write of the pass
        StatusWrite racing = (key, expected, status) -> {
            StatusWrite.Result result = sink.write(key, expected, status);
            if (sinkCalls.size() == 1) {
                db.resources().write(Actor.system("test-user"), tx -> tx.put("Service", "demo", "svc",
                        "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"svc\",\"namespace\":\"demo\"}}",
                        null, null));
            }
            return result;
        };
        StoreStatusSink one = new StoreStatusSink(db.resources(), source, racing, Clock.fixed(T0, ZoneOffset.UTC));

        assertThat(one.write(snapshot(), reports)).as("the first status, then the change goes first").isEqualTo(1);
        assertThat(db.resources().get("Ingress", "demo", "zz-other").orElseThrow().bodyJson()).doesNotContain("status");
        // the next pass (the change starts it) writes what is missing, nothing twice
        assertThat(one.write(snapshot(), reports)).isEqualTo(1);
        assertThat(parse(db.resources().get("Ingress", "demo", "zz-other").orElseThrow().bodyJson())
                .at("/status/conditions/0/type").asText()).isEqualTo("Accepted");
        assertThat(sinkCalls).hasSize(2);
        assertThat(one.write(snapshot(), reports)).isZero();
    }

    @Test
    void aChangeCommittedWhileTheFirstStatusWriteWaitedForTheLockGoesFirstToo() {
        db.resources().write(Actor.system("test-user"), tx -> tx.put("Ingress", "demo", "zz-other",
                "{\"apiVersion\":\"networking.k8s.io/v1\",\"kind\":\"Ingress\",\"metadata\":{\"name\":\"zz-other\","
                        + "\"namespace\":\"demo\"},\"spec\":{}}", null, null));
        ReportedStatus accepted = ReportedStatus.of(List.of(Condition.isTrue("Accepted", "Accepted", "served")));
        ResourceKey other = new ResourceKey("Ingress", "demo", "zz-other");
        // the user's commit lands first, then the sink's write (as when the write waited for the lock)
        StatusWrite behind = (key, expected, status) -> {
            if (sinkCalls.isEmpty()) {
                db.resources().write(Actor.system("test-user"), tx -> tx.put("Service", "demo", "svc",
                        "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"svc\",\"namespace\":\"demo\"}}",
                        null, null));
            }
            return sink.write(key, expected, status);
        };
        StoreStatusSink one = new StoreStatusSink(db.resources(), source, behind, Clock.fixed(T0, ZoneOffset.UTC));
        assertThat(one.write(snapshot(), Map.of(KEY, accepted, other, accepted))).isEqualTo(1);
        assertThat(one.write(snapshot(), Map.of(KEY, accepted, other, accepted))).isEqualTo(1);
        assertThat(sinkCalls).hasSize(2);
    }

    @Test
    void theVersionASinkWroteIsSettledButAUsersSpecChangeIsComposedAnew() {
        List<StatusWrite.Result> results = new ArrayList<>();
        StatusWrite counting = (key, expected, status) -> {
            StatusWrite.Result result = sink.write(key, expected, status);
            results.add(result);
            return result;
        };
        StoreStatusSink one = new StoreStatusSink(db.resources(), source, counting, Clock.fixed(T0, ZoneOffset.UTC));
        ReportedStatus accepted = ReportedStatus.of(List.of(Condition.isTrue("Accepted", "Accepted", "served")));
        assertThat(one.write(snapshot(), Map.of(KEY, accepted))).isEqualTo(1);
        // the pass after the write sees the version it made: not even asked
        assertThat(one.write(snapshot(), Map.of(KEY, accepted))).isZero();
        assertThat(results).hasSize(1);
        // a user's spec change (generation 2) with an equal report: composed, and observedGeneration follows
        putIngress("d.example");
        assertThat(one.write(snapshot(), Map.of(KEY, accepted))).isEqualTo(1);
        assertThat(stored().at("/status/conditions/0/observedGeneration").asLong()).isEqualTo(2);
    }

    @Test
    void aConditionThatFlipsGetsANewTransitionTime() {
        publish(T0, snapshot(), Condition.isTrue("Accepted", "Accepted", "served"));
        assertThat(publish(T1, snapshot(), Condition.isFalse("Accepted", "MissingSecret", "Secret demo/tls not found")))
                .isEqualTo(1);
        JsonNode condition = stored().at("/status/conditions/0");
        assertThat(condition.path("lastTransitionTime").asText()).isEqualTo("2026-01-01T11:00:00Z");
        assertThat(condition.path("reason").asText()).isEqualTo("MissingSecret");
    }

    @Test
    void aUserWriteBetweenSnapshotAndStatusWriteIsKeptAndTheStatusLandsOnTheFreshVersion() {
        ResourceSnapshot before = snapshot();
        long seen = Long.parseLong(before.object(KEY).orElseThrow().version());
        putIngress("b.example"); // the user wins the race

        assertThat(publish(T0, before, Condition.isTrue("Accepted", "Accepted", "served"))).isEqualTo(1);
        assertThat(sinkCalls).hasSize(2);
        assertThat(sinkCalls.get(0)).isEqualTo(seen);
        assertThat(stored().at("/spec/rules/0/host").asText()).isEqualTo("b.example");
        assertThat(stored().at("/status/conditions/0/type").asText()).isEqualTo("Accepted");
        // the report was made from generation 1; the user's change is generation 2 and not yet observed
        assertThat(stored().at("/status/conditions/0/observedGeneration").asLong()).isEqualTo(1);
        assertThat(stored().at("/metadata/generation").asLong()).isEqualTo(2);
    }

    @Test
    void kindsWithoutStatusAndDeletedObjectsAreSkipped() {
        ResourceSnapshot snapshot = snapshot();
        db.resources().write(Actor.system("test-user"), tx -> tx.delete("Ingress", "demo", "web", null));
        assertThat(publish(T0, snapshot, Condition.isTrue("Accepted", "Accepted", ""))).isZero();

        ResourceKey configMap = new ResourceKey("ConfigMap", "demo", "c");
        assertThat(new StoreStatusSink(db.resources(), source, sink, Clock.systemUTC()).write(snapshot,
                Map.of(configMap, ReportedStatus.of(List.of(Condition.isTrue("Accepted", "A", "")))))).isZero();
        assertThat(sinkCalls).hasSize(1); // only the Ingress, which was gone
    }
}
