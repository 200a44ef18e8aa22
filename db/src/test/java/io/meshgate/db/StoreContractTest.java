package io.meshgate.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every supported database must show. Subclasses supply a fresh, empty database per
 * test ({@link H2StoreTest}, {@link PostgresStoreTest}).
 */
abstract class StoreContractTest {

    static final Actor ALICE = new Actor("alice", "127.0.0.1");

    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    Database db;
    DatabaseConfig config;

    /** A config for a new, empty database (each call a different one). */
    abstract DatabaseConfig newDatabaseConfig() throws Exception;

    /** A plain JDBC connection to the database of {@code config}, bypassing the store. */
    abstract Connection rawConnection(DatabaseConfig config) throws SQLException;

    @BeforeEach
    void openDatabase() throws Exception {
        config = newDatabaseConfig().withClock(clock);
        db = Database.open(config);
    }

    @AfterEach
    void closeDatabase() {
        if (db != null) {
            db.close();
        }
    }

    static String body(String kind, String name, String spec) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"" + kind + "\",\"metadata\":{\"name\":\"" + name + "\"},\"spec\":"
                + spec + "}";
    }

    StoredObject put(String kind, String ns, String name, String spec, Map<String, String> labels) {
        return db.resources().writeAndReturn(ALICE, tx -> tx.put(kind, ns, name, body(kind, name, spec), labels, null));
    }

    // ---------------------------------------------------------------- objects

    @Test
    void putStampsMetadataAndGetReturnsIt() throws Exception {
        StoredObject created = put("Service", "demo", "web", "{\"ports\":[{\"port\":80}]}", Map.of("app", "web"));

        assertThat(created.resourceVersion()).isEqualTo(1);
        assertThat(created.generation()).isEqualTo(1);
        assertThat(created.uid()).hasSize(36);
        assertThat(created.createdAt()).isEqualTo(clock.instant());
        JsonNode metadata = Json.MAPPER.readTree(created.bodyJson()).get("metadata");
        assertThat(metadata.get("name").asText()).isEqualTo("web");
        assertThat(metadata.get("namespace").asText()).isEqualTo("demo");
        assertThat(metadata.get("uid").asText()).isEqualTo(created.uid());
        assertThat(metadata.get("resourceVersion").asText()).isEqualTo("1");
        assertThat(metadata.get("generation").asLong()).isEqualTo(1);
        assertThat(metadata.get("creationTimestamp").asText()).isEqualTo("2026-03-01T10:00:00Z");
        assertThat(metadata.get("labels").get("app").asText()).isEqualTo("web");

        assertThat(db.resources().get("Service", "demo", "web")).contains(created);
        assertThat(db.resources().get("Service", "other", "web")).isEmpty();
        assertThat(db.resources().currentRevision()).isEqualTo(1);
    }

    @Test
    void bodyKeepsNumbersExactlyAndLabelsCanComeFromTheBody() throws Exception {
        String json = "{\"kind\":\"Upstream\",\"metadata\":{\"name\":\"u\",\"labels\":{\"tier\":\"gold\"}},"
                + "\"spec\":{\"weight\":1.50,\"big\":123456789012345678901234567890}}";
        StoredObject o = db.resources().writeAndReturn(ALICE, tx -> tx.put("Upstream", "", "u", json, null, null));

        assertThat(o.labels()).containsExactly(Map.entry("tier", "gold"));
        assertThat(o.clusterScoped()).isTrue();
        assertThat(o.bodyJson()).contains("\"weight\":1.50").contains("123456789012345678901234567890");
        assertThat(Json.MAPPER.readTree(o.bodyJson()).get("metadata").has("namespace")).isFalse();
    }

    @Test
    void updateKeepsUidAndCreationAndCountsGenerationOnlyForSpecChanges() {
        StoredObject v1 = put("Ingress", "demo", "site", "{\"rules\":[]}", Map.of());
        clock.advance(Duration.ofSeconds(5));

        StoredObject labelsOnly = put("Ingress", "demo", "site", "{\"rules\":[]}", Map.of("team", "a"));
        assertThat(labelsOnly.resourceVersion()).isEqualTo(2);
        assertThat(labelsOnly.generation()).isEqualTo(1);
        assertThat(labelsOnly.uid()).isEqualTo(v1.uid());
        assertThat(labelsOnly.createdAt()).isEqualTo(v1.createdAt());
        assertThat(labelsOnly.updatedAt()).isEqualTo(clock.instant());

        StoredObject specChanged = put("Ingress", "demo", "site", "{\"rules\":[{\"host\":\"a\"}]}", Map.of("team", "a"));
        assertThat(specChanged.resourceVersion()).isEqualTo(3);
        assertThat(specChanged.generation()).isEqualTo(2);

        String withStatus = "{\"apiVersion\":\"v1\",\"kind\":\"Ingress\",\"metadata\":{\"name\":\"site\"},\"spec\":{\"rules\":[{\"host\":\"a\"}]},"
                + "\"status\":{\"ready\":true}}";
        StoredObject statusOnly = db.resources().writeAndReturn(ALICE,
                tx -> tx.put("Ingress", "demo", "site", withStatus, Map.of("team", "a"), 3L));
        assertThat(statusOnly.generation()).isEqualTo(2);

        StoredObject forced = db.resources().writeAndReturn(ALICE,
                tx -> tx.put("Ingress", "demo", "site", withStatus, Map.of("team", "a"), null, SpecChange.CHANGED));
        assertThat(forced.generation()).isEqualTo(3);
        assertThat(forced.resourceVersion()).isEqualTo(5);
    }

    @Test
    void putOfAnUnchangedObjectTakesNoRevision() {
        StoredObject first = put("Service", "demo", "web", "{\"a\":1}", Map.of("x", "y"));
        StoredObject again = put("Service", "demo", "web", "{\"a\":1}", Map.of("x", "y"));

        assertThat(again).isEqualTo(first);
        assertThat(db.resources().currentRevision()).isEqualTo(1);
        assertThat(db.events().since(0, 10)).hasSize(1);
    }

    @Test
    void bodyMustBeAnObjectNamingTheSameObject() {
        assertThatThrownBy(() -> db.resources().write(ALICE, tx -> tx.put("Service", "demo", "web", "[1]", null, null)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> db.resources().write(ALICE,
                tx -> tx.put("Service", "demo", "web", body("Service", "other", "{}"), null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("metadata.name");
        assertThatThrownBy(() -> db.resources().write(ALICE,
                tx -> tx.put("Service", "demo", "web", "{\"a\":1,\"a\":2}", null, null)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(db.resources().currentRevision()).isZero();
    }

    @Test
    void deleteRemovesTheObjectAndReturnsItsFinalState() throws Exception {
        StoredObject created = put("Service", "demo", "web", "{}", Map.of());

        Optional<StoredObject> deleted = db.resources().writeAndReturn(ALICE,
                tx -> tx.delete("Service", "demo", "web", created.resourceVersion()));

        assertThat(deleted).isPresent();
        assertThat(deleted.get().resourceVersion()).isEqualTo(2);
        assertThat(Json.MAPPER.readTree(deleted.get().bodyJson()).at("/metadata/resourceVersion").asText())
                .isEqualTo("2");
        assertThat(db.resources().get("Service", "demo", "web")).isEmpty();
        Optional<StoredObject> again = db.resources().writeAndReturn(ALICE, tx -> tx.delete("Service", "demo", "web", null));
        assertThat(again).isEmpty();
        assertThat(db.resources().currentRevision()).isEqualTo(2);

        StoredObject recreated = put("Service", "demo", "web", "{}", Map.of());
        assertThat(recreated.uid()).isNotEqualTo(created.uid());
        assertThat(recreated.generation()).isEqualTo(1);
    }

    // ---------------------------------------------------------------- listing

    @Test
    void listPagesInNamespaceNameOrderWithContinueTokens() {
        List<String> expected = new ArrayList<>();
        for (String ns : List.of("b-ns", "a-ns")) {
            for (int i = 0; i < 12; i++) {
                String name = String.format("svc-%02d", i);
                put("Service", ns, name, "{}", Map.of("index", Integer.toString(i)));
            }
        }
        put("Ingress", "a-ns", "not-a-service", "{}", Map.of());
        for (String ns : List.of("a-ns", "b-ns")) {
            for (int i = 0; i < 12; i++) {
                expected.add(ns + "/" + String.format("svc-%02d", i));
            }
        }

        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            Page<StoredObject> page = db.resources().list("Service", null, Map.of(), Set.of(), 10, token);
            assertThat(page.revision()).isEqualTo(25);
            page.items().forEach(o -> seen.add(o.namespace() + "/" + o.name()));
            token = page.continueToken();
            pages++;
        } while (token != null);

        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(pages).isEqualTo(3);
        assertThat(db.resources().list("Service", "b-ns", null, null, 0, null).items()).hasSize(12);
        assertThat(db.resources().list("Service", null, null, null, 24, null).continueToken()).isNull();
    }

    @Test
    void listFiltersByLabelsAcrossPages() {
        for (int i = 0; i < 30; i++) {
            Map<String, String> labels = i % 3 == 0 ? Map.of("app", "web", "canary", "yes")
                    : i % 3 == 1 ? Map.of("app", "web") : Map.of("app", "db");
            put("Pod", "demo", String.format("pod-%02d", i), "{}", labels);
        }

        List<String> web = new ArrayList<>();
        String token = null;
        do {
            Page<StoredObject> page = db.resources().list("Pod", "demo", Map.of("app", "web"), Set.of(), 7, token);
            assertThat(page.items()).allSatisfy(o -> assertThat(o.labels()).containsEntry("app", "web"));
            page.items().forEach(o -> web.add(o.name()));
            token = page.continueToken();
        } while (token != null);
        assertThat(web).hasSize(20).isSorted();

        Page<StoredObject> canaries = db.resources().list("Pod", "demo", Map.of(), Set.of("canary"), 0, null);
        assertThat(canaries.items()).extracting(StoredObject::name)
                .containsExactly("pod-00", "pod-03", "pod-06", "pod-09", "pod-12", "pod-15", "pod-18", "pod-21",
                        "pod-24", "pod-27");
        assertThat(db.resources().list("Pod", "demo", Map.of("app", "web"), Set.of("canary"), 4, null).items())
                .extracting(StoredObject::name).containsExactly("pod-00", "pod-03", "pod-06", "pod-09");
        assertThat(db.resources().list("Pod", "demo", Map.of("app", "none"), Set.of(), 5, null).items()).isEmpty();
    }

    @Test
    void continueTokensAreCheckedAgainstTheList() {
        for (int i = 0; i < 3; i++) {
            put("Service", "demo", "s" + i, "{}", Map.of());
        }
        String token = db.resources().list("Service", "demo", null, null, 1, null).continueToken();
        assertThat(token).isNotNull();

        assertThatThrownBy(() -> db.resources().list("Ingress", "demo", null, null, 1, token))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> db.resources().list("Service", null, null, null, 1, token))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> db.resources().list("Service", "demo", null, null, 1, "not-a-token"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("continue token");
    }

    // ---------------------------------------------------------------- concurrency and atomicity

    @Test
    void staleResourceVersionIsAConflict() {
        StoredObject v1 = put("Service", "demo", "web", "{\"a\":1}", Map.of());
        put("Service", "demo", "web", "{\"a\":2}", Map.of());

        assertThatThrownBy(() -> db.resources().write(ALICE,
                tx -> tx.put("Service", "demo", "web", body("Service", "web", "{\"a\":3}"), null, v1.resourceVersion())))
                .isInstanceOf(ConflictException.class)
                .satisfies(e -> {
                    ConflictException c = (ConflictException) e;
                    assertThat(c.expectedResourceVersion()).isEqualTo(1);
                    assertThat(c.actualResourceVersion()).isEqualTo(2);
                });
        assertThatThrownBy(() -> db.resources().write(ALICE,
                tx -> tx.put("Service", "demo", "web", body("Service", "web", "{}"), null, 0L)))
                .isInstanceOf(ConflictException.class).hasMessageContaining("already exists");
        assertThatThrownBy(() -> db.resources().write(ALICE,
                tx -> tx.put("Service", "demo", "absent", body("Service", "absent", "{}"), null, 7L)))
                .isInstanceOf(ConflictException.class).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> db.resources().write(ALICE, tx -> tx.delete("Service", "demo", "web", 1L)))
                .isInstanceOf(ConflictException.class);

        assertThat(db.resources().get("Service", "demo", "web").orElseThrow().bodyJson()).contains("\"a\":2");
        assertThat(db.resources().currentRevision()).isEqualTo(2);
    }

    @Test
    void multiObjectWriteRollsBackEntirelyWhenTheLastObjectConflicts() {
        StoredObject existing = put("Service", "demo", "c", "{\"v\":1}", Map.of());
        put("Service", "demo", "c", "{\"v\":2}", Map.of());
        long revisionBefore = db.resources().currentRevision();

        assertThatThrownBy(() -> db.resources().write(ALICE, tx -> {
            StoredObject a = tx.put("Service", "demo", "a", body("Service", "a", "{}"), null, 0L);
            tx.audit(AuditEntry.created(a, null));
            StoredObject b = tx.put("Service", "demo", "b", body("Service", "b", "{}"), null, 0L);
            tx.audit(AuditEntry.created(b, null));
            assertThat(tx.get("Service", "demo", "a")).isPresent();
            tx.put("Service", "demo", "c", body("Service", "c", "{\"v\":3}"), null, existing.resourceVersion());
        })).isInstanceOf(ConflictException.class);

        assertThat(db.resources().get("Service", "demo", "a")).isEmpty();
        assertThat(db.resources().get("Service", "demo", "b")).isEmpty();
        assertThat(db.resources().get("Service", "demo", "c").orElseThrow().bodyJson()).contains("\"v\":2");
        assertThat(db.resources().currentRevision()).isEqualTo(revisionBefore);
        assertThat(db.events().since(revisionBefore, 10)).isEmpty();
        assertThat(db.audit().query(AuditQuery.builder().build()).items()).isEmpty();

        // the next write continues the sequence without a gap
        assertThat(put("Service", "demo", "a", "{}", Map.of()).resourceVersion()).isEqualTo(revisionBefore + 1);
    }

    @Test
    void concurrentWritersGetDistinctConsecutiveRevisionsAndALinearChain() throws Exception {
        int threads = 4;
        int perThread = 15;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<Long>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    List<Long> revisions = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        String name = "t" + thread + "-" + i;
                        revisions.add(db.resources().writeAndReturn(ALICE, tx -> {
                            StoredObject o = tx.put("Service", "demo", name, body("Service", name, "{}"), null, null);
                            tx.audit(AuditEntry.created(o, null));
                            return o.resourceVersion();
                        }));
                    }
                    return revisions;
                }));
            }
            Set<Long> all = new HashSet<>();
            for (Future<List<Long>> f : futures) {
                all.addAll(f.get(120, TimeUnit.SECONDS));
            }
            assertThat(all).hasSize(threads * perThread);
            assertThat(all).allMatch(r -> r >= 1 && r <= threads * perThread);
        } finally {
            pool.shutdownNow();
        }
        VerifyResult verify = db.audit().verify();
        assertThat(verify.ok()).isTrue();
        assertThat(verify.checkedRows()).isEqualTo(threads * perThread);
    }

    @Test
    void nestedWritesAreRefused() {
        assertThatThrownBy(() -> db.resources().write(ALICE, tx -> db.resources().write(ALICE, inner -> { })))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void commitListenersHearCommittedRevisionsOnly() {
        List<Long> heard = new CopyOnWriteArrayList<>();
        db.resources().addCommitListener(heard::add);
        put("Service", "demo", "a", "{}", Map.of());
        db.resources().write(ALICE, tx -> {
            tx.put("Service", "demo", "b", body("Service", "b", "{}"), null, null);
            tx.put("Service", "demo", "c", body("Service", "c", "{}"), null, null);
        });
        assertThatThrownBy(() -> db.resources().write(ALICE,
                tx -> tx.put("Service", "demo", "a", body("Service", "a", "{}"), null, 0L)))
                .isInstanceOf(ConflictException.class);
        put("Service", "demo", "a", "{}", Map.of());

        assertThat(heard).containsExactly(1L, 3L);
    }

    // ---------------------------------------------------------------- audit

    @Test
    void auditRowsAreChainedAndQueryable() {
        StoredObject created = db.resources().writeAndReturn(ALICE, tx -> {
            StoredObject o = tx.put("Service", "demo", "web", body("Service", "web", "{\"a\":1}"), null, 0L);
            tx.audit(AuditEntry.created(o, "[{\"op\":\"add\",\"path\":\"\",\"value\":{}}]"));
            return o;
        });
        clock.advance(Duration.ofMinutes(1));
        Actor bob = new Actor("bob", "10.0.0.9");
        db.resources().write(bob, tx -> {
            StoredObject before = tx.get("Service", "demo", "web").orElseThrow();
            StoredObject after = tx.put("Service", "demo", "web", body("Service", "web", "{\"a\":2}"), null,
                    before.resourceVersion());
            tx.audit(AuditEntry.updated(before, after, "[{\"op\":\"replace\",\"path\":\"/spec/a\",\"value\":2}]"));
        });
        clock.advance(Duration.ofMinutes(1));
        AuditRecord rejected = db.audit().recordRejected(bob,
                AuditEntry.rejected("Ingress", "demo", "bad", "{\"spec\":{}}", "spec.rules: required"));
        db.resources().write(ALICE, tx -> tx.audit(AuditEntry.deleted(
                tx.delete("Service", "demo", "web", null).orElseThrow())));

        List<AuditRecord> all = db.audit().query(AuditQuery.builder().build()).items();
        assertThat(all).extracting(AuditRecord::id).containsExactly(4L, 3L, 2L, 1L);
        assertThat(all).extracting(AuditRecord::verb)
                .containsExactly(AuditVerb.DELETE, AuditVerb.REJECTED, AuditVerb.UPDATE, AuditVerb.CREATE);
        AuditRecord first = all.get(3);
        assertThat(first.prevHash()).isEqualTo(AuditRecord.GENESIS_HASH);
        assertThat(first.actor()).isEqualTo("alice");
        assertThat(first.sourceAddress()).isEqualTo("127.0.0.1");
        assertThat(first.resourceVersion()).isEqualTo(created.resourceVersion());
        assertThat(first.at()).isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
        for (int i = 0; i < 3; i++) {
            assertThat(all.get(i).prevHash()).isEqualTo(all.get(i + 1).hash());
        }
        assertThat(rejected.message()).isEqualTo("spec.rules: required");
        assertThat(db.audit().get(3)).contains(rejected);

        assertThat(db.audit().query(AuditQuery.builder().actor("bob").build()).items())
                .extracting(AuditRecord::id).containsExactly(3L, 2L);
        assertThat(db.audit().query(AuditQuery.builder().kind("Service").name("web").verb(AuditVerb.UPDATE).build())
                .items()).extracting(AuditRecord::id).containsExactly(2L);
        assertThat(db.audit().query(AuditQuery.builder()
                .from(Instant.parse("2026-03-01T10:01:00Z")).to(Instant.parse("2026-03-01T10:02:00Z")).build())
                .items()).extracting(AuditRecord::id).containsExactly(2L);

        Page<AuditRecord> page1 = db.audit().query(AuditQuery.builder().limit(3).build());
        assertThat(page1.items()).extracting(AuditRecord::id).containsExactly(4L, 3L, 2L);
        Page<AuditRecord> page2 = db.audit().query(AuditQuery.builder().limit(3).continueToken(page1.continueToken())
                .build());
        assertThat(page2.items()).extracting(AuditRecord::id).containsExactly(1L);
        assertThat(page2.continueToken()).isNull();

        VerifyResult verify = db.audit().verify();
        assertThat(verify.ok()).isTrue();
        assertThat(verify.checkedRows()).isEqualTo(4);
        assertThat(verify.headId()).isEqualTo(4);
        assertThat(verify.headHash()).isEqualTo(all.get(0).hash());
    }

    @Test
    void verifyOfAnEmptyHistoryIsOk() {
        VerifyResult verify = db.audit().verify();
        assertThat(verify.ok()).isTrue();
        assertThat(verify.checkedRows()).isZero();
        assertThat(verify.headHash()).isEqualTo(AuditRecord.GENESIS_HASH);
    }

    @Test
    void onlyRejectedEntriesGoThroughRecordRejected() {
        StoredObject o = put("Service", "demo", "web", "{}", Map.of());
        assertThatThrownBy(() -> db.audit().recordRejected(ALICE, AuditEntry.created(o, null)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AuditEntry.rejected("Service", "demo", "web", null, " "))
                .isInstanceOf(IllegalArgumentException.class);
    }

    void writeAuditedObjects(int count) {
        for (int i = 0; i < count; i++) {
            String name = "obj-" + i;
            db.resources().write(ALICE, tx -> tx.audit(AuditEntry.created(
                    tx.put("Service", "demo", name, body("Service", name, "{}"), null, null), null)));
        }
    }

    @Test
    void verifyDetectsARowChangedBehindTheStoresBack() throws Exception {
        writeAuditedObjects(5);
        assertThat(db.audit().verify().ok()).isTrue();

        try (Connection c = rawConnection(config); Statement s = c.createStatement()) {
            assertThat(s.executeUpdate("UPDATE audit SET actor = 'mallory' WHERE id = 3")).isEqualTo(1);
        }

        VerifyResult verify = db.audit().verify();
        assertThat(verify.ok()).isFalse();
        assertThat(verify.firstBrokenId()).isEqualTo(3);
        assertThat(verify.checkedRows()).isEqualTo(2);
        assertThat(verify.reason()).contains("altered");
    }

    @Test
    void verifyDetectsARewrittenHashAndADeletedRow() throws Exception {
        writeAuditedObjects(6);
        try (Connection c = rawConnection(config); Statement s = c.createStatement()) {
            // an attacker who also fixes the hash of the row breaks the link to the next row
            s.executeUpdate("UPDATE audit SET message = 'hidden', hash = '" + "f".repeat(64) + "' WHERE id = 2");
        }
        VerifyResult rewritten = db.audit().verify();
        assertThat(rewritten.ok()).isFalse();
        assertThat(rewritten.firstBrokenId()).isEqualTo(2);

        DatabaseConfig other = newDatabaseConfig().withClock(clock);
        try (Database second = Database.open(other)) {
            for (int i = 0; i < 4; i++) {
                String name = "x" + i;
                second.resources().write(ALICE, tx -> tx.audit(AuditEntry.created(
                        tx.put("Service", "demo", name, body("Service", name, "{}"), null, null), null)));
            }
            try (Connection c = rawConnection(other); Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM audit WHERE id = 3");
            }
            VerifyResult deleted = second.audit().verify();
            assertThat(deleted.ok()).isFalse();
            assertThat(deleted.firstBrokenId()).isEqualTo(4);
            assertThat(deleted.reason()).contains("missing");
        }
    }

    @Test
    void incrementalVerifyWalksOnlyRowsAddedSinceTheLastVerifiedOne() {
        writeAuditedObjects(4);
        VerifyResult first = db.audit().verifySinceCheckpoint();
        assertThat(first.ok()).isTrue();
        assertThat(first.checkedRows()).isEqualTo(4);
        db.resources().write(ALICE, tx -> tx.audit(AuditEntry.created(
                tx.put("Service", "demo", "later", body("Service", "later", "{}"), null, null), null)));

        VerifyResult second = db.audit().verifySinceCheckpoint();
        assertThat(second.ok()).isTrue();
        assertThat(second.checkedRows()).isEqualTo(1);
        assertThat(second.headId()).isEqualTo(5);
        assertThat(second.headHash()).isEqualTo(db.audit().get(5).orElseThrow().hash());
        assertThat(db.audit().verifySinceCheckpoint().checkedRows()).isZero();
    }

    @Test
    void incrementalVerifyDetectsTamperingAfterTheCheckpointAndOfTheCheckpointRow() throws Exception {
        writeAuditedObjects(3);
        assertThat(db.audit().verifySinceCheckpoint().ok()).isTrue();
        db.resources().write(ALICE, tx -> tx.audit(AuditEntry.created(
                tx.put("Service", "demo", "new", body("Service", "new", "{}"), null, null), null)));
        try (Connection c = rawConnection(config); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE audit SET actor = 'mallory' WHERE id = 4");
        }
        VerifyResult after = db.audit().verifySinceCheckpoint();
        assertThat(after.ok()).isFalse();
        assertThat(after.firstBrokenId()).isEqualTo(4);

        try (Connection c = rawConnection(config); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE audit SET actor = 'mallory' WHERE id = 3");
        }
        VerifyResult checkpointRow = db.audit().verifySinceCheckpoint();
        assertThat(checkpointRow.ok()).isFalse();
        assertThat(checkpointRow.firstBrokenId()).isEqualTo(3);
        assertThat(checkpointRow.reason()).contains("altered");
    }

    @Test
    void fullVerifyStillFindsTamperingBelowTheCheckpoint() throws Exception {
        writeAuditedObjects(5);
        assertThat(db.audit().verifySinceCheckpoint().ok()).isTrue();
        try (Connection c = rawConnection(config); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE audit SET actor = 'mallory' WHERE id = 2");
        }
        // trusted by the incremental check: that is its trade-off
        assertThat(db.audit().verifySinceCheckpoint().ok()).isTrue();
        VerifyResult full = db.audit().verify();
        assertThat(full.ok()).isFalse();
        assertThat(full.firstBrokenId()).isEqualTo(2);
        assertThat(full.reason()).contains("altered");
    }

    @Test
    void aFailedVerifyDoesNotMoveTheCheckpoint() throws Exception {
        writeAuditedObjects(2);
        assertThat(db.audit().verifySinceCheckpoint().ok()).isTrue();
        db.resources().write(ALICE, tx -> tx.audit(AuditEntry.created(
                tx.put("Service", "demo", "x", body("Service", "x", "{}"), null, null), null)));
        try (Connection c = rawConnection(config); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE audit SET message = 'hidden' WHERE id = 3");
        }
        assertThat(db.audit().verifySinceCheckpoint().ok()).isFalse();
        assertThat(db.audit().verifySinceCheckpoint().firstBrokenId()).isEqualTo(3);
    }

    // ---------------------------------------------------------------- tokens

    @Test
    void tokensAreStoredOnlyAsHashes() throws Exception {
        String token = db.tokens().create("ci", Role.EDITOR);

        assertThat(token).startsWith("mgt_").hasSize(4 + 43);
        assertThat(token.substring(4)).matches("[A-Za-z0-9_-]{43}");
        Optional<TokenInfo> info = db.tokens().authenticate(token);
        assertThat(info).isPresent();
        assertThat(info.get().name()).isEqualTo("ci");
        assertThat(info.get().role()).isEqualTo(Role.EDITOR);
        assertThat(db.tokens().authenticate(token + "x")).isEmpty();
        assertThat(db.tokens().authenticate("")).isEmpty();
        assertThat(db.tokens().authenticate(null)).isEmpty();

        try (Connection c = rawConnection(config); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT name, role, token_hash FROM api_tokens")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString("token_hash")).isEqualTo(Sha256.hex(token)).doesNotContain(token.substring(4));
            assertThat(rs.getString("role")).isEqualTo("editor");
            assertThat(rs.next()).isFalse();
        }
        assertThat(databaseText()).doesNotContain(token.substring(4));
    }

    /** Every text value the store wrote, for searching secrets in it. */
    String databaseText() throws SQLException {
        StringBuilder all = new StringBuilder();
        for (String table : List.of("resources", "audit", "api_tokens", "events", "store_state")) {
            try (Connection c = rawConnection(config); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    for (int i = 1; i <= columns; i++) {
                        all.append(rs.getString(i)).append('\n');
                    }
                }
            }
        }
        return all.toString();
    }

    @Test
    void tokensCanBeListedRevokedAndExpire() {
        String viewer = db.tokens().create("viewer-1", Role.VIEWER);
        String temp = db.tokens().create("temp", Role.EDITOR, Duration.ofHours(1));
        assertThatThrownBy(() -> db.tokens().create("viewer-1", Role.ADMIN)).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> db.tokens().create("bad name", Role.ADMIN))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(db.tokens().list()).extracting(TokenInfo::name).containsExactly("temp", "viewer-1");
        assertThat(db.tokens().authenticate(temp)).isPresent();
        clock.advance(Duration.ofHours(1));
        assertThat(db.tokens().authenticate(temp)).isEmpty();

        assertThat(db.tokens().delete("viewer-1")).isTrue();
        assertThat(db.tokens().delete("viewer-1")).isFalse();
        assertThat(db.tokens().authenticate(viewer)).isEmpty();
    }

    @Test
    void lastUsedIsRecordedAtMostOncePerMinute() {
        String token = db.tokens().create("ci", Role.VIEWER);
        Instant t0 = clock.instant();
        assertThat(db.tokens().list().get(0).lastUsedAt()).isNull();

        assertThat(db.tokens().authenticate(token).orElseThrow().lastUsedAt()).isEqualTo(t0);
        clock.advance(Duration.ofSeconds(30));
        db.tokens().authenticate(token);
        assertThat(db.tokens().list().get(0).lastUsedAt()).isEqualTo(t0);
        clock.advance(Duration.ofSeconds(31));
        db.tokens().authenticate(token);
        assertThat(db.tokens().list().get(0).lastUsedAt()).isEqualTo(t0.plusSeconds(61));
    }

    @Test
    void bootstrapAdminCreatesAnAdminOnlyOnce() {
        String supplied = "a-long-enough-admin-token";
        assertThatThrownBy(() -> db.tokens().bootstrapAdmin("short")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> db.tokens().bootstrapAdmin("has a space in the token"))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(db.tokens().bootstrapAdmin(supplied)).contains(supplied);
        assertThat(db.tokens().bootstrapAdmin(null)).isEmpty();
        assertThat(db.tokens().bootstrapAdmin("another-long-admin-token")).isEmpty();
        assertThat(db.tokens().authenticate(supplied).orElseThrow().role()).isEqualTo(Role.ADMIN);
        assertThat(db.tokens().list()).extracting(TokenInfo::name).containsExactly("admin");
    }

    @Test
    void bootstrapAdminGeneratesATokenWhenNoneIsSupplied() {
        db.tokens().create("ops", Role.EDITOR);
        String generated = db.tokens().bootstrapAdmin(null).orElseThrow();
        assertThat(generated).startsWith(TokenStore.PREFIX);
        assertThat(db.tokens().authenticate(generated).orElseThrow().name()).isEqualTo("admin");
        assertThat(Role.ADMIN.includes(Role.EDITOR)).isTrue();
        assertThat(Role.VIEWER.includes(Role.EDITOR)).isFalse();
    }

    // ---------------------------------------------------------------- events

    @Test
    void eventsSinceARevisionReplayEveryChangeInOrder() throws Exception {
        put("Service", "demo", "a", "{}", Map.of());
        put("Service", "demo", "b", "{}", Map.of());
        put("Service", "demo", "a", "{\"x\":1}", Map.of());
        db.resources().write(ALICE, tx -> tx.delete("Service", "demo", "b", null));

        List<ChangeEvent> all = db.events().since(0, 100);
        assertThat(all).extracting(ChangeEvent::resourceVersion).containsExactly(1L, 2L, 3L, 4L);
        assertThat(all).extracting(ChangeEvent::type)
                .containsExactly(EventType.ADDED, EventType.ADDED, EventType.MODIFIED, EventType.DELETED);
        assertThat(all.get(2).bodyJson()).isEqualTo(db.resources().get("Service", "demo", "a").orElseThrow().bodyJson());
        assertThat(Json.MAPPER.readTree(all.get(3).bodyJson()).at("/metadata/resourceVersion").asText()).isEqualTo("4");

        assertThat(db.events().since(2, 100)).extracting(ChangeEvent::resourceVersion).containsExactly(3L, 4L);
        assertThat(db.events().since(0, 2)).extracting(ChangeEvent::resourceVersion).containsExactly(1L, 2L);
        assertThat(db.events().since(4, 100)).isEmpty();
        assertThat(db.events().since(99, 100)).isEmpty();
    }

    @Test
    void trimmedEventsMakeOldRevisionsExpire() throws Exception {
        db.close();
        config = newDatabaseConfig().withClock(clock).withEventRetention(3);
        db = Database.open(config);
        for (int i = 0; i < 6; i++) {
            put("Service", "demo", "s" + i, "{}", Map.of());
        }

        assertThat(db.events().since(3, 100)).extracting(ChangeEvent::resourceVersion).containsExactly(4L, 5L, 6L);
        assertThat(db.events().since(6, 100)).isEmpty();
        assertThatThrownBy(() -> db.events().since(2, 100)).isInstanceOf(RevisionExpiredException.class);
        assertThatThrownBy(() -> db.events().since(0, 100)).isInstanceOf(RevisionExpiredException.class);
        try (Connection c = rawConnection(config); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM events")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(3);
        }
    }

    @Test
    void pingAnswersWhileOpen() {
        assertThat(db.ping()).isTrue();
    }
}
