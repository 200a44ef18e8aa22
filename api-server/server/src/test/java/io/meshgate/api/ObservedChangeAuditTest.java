package io.meshgate.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.db.AuditQuery;
import io.meshgate.db.AuditRecord;
import io.meshgate.db.AuditVerb;
import io.meshgate.db.Database;
import io.meshgate.db.DatabaseConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Changes observed in a cluster go into the store's own audit chain: verb, actor, before/after,
 * patch, Secret data redacted as the store redacts it, no managedFields, a re-list not recorded twice.
 */
class ObservedChangeAuditTest {
    private static final String RETRY_V1 = """
            {"apiVersion":"policy.flomesh.io/v1alpha1","kind":"Retry","metadata":{"name":"retry","namespace":"curl",
             "resourceVersion":"11","managedFields":[{"manager":"kubectl","operation":"Update"}]},
             "spec":{"source":{"kind":"ServiceAccount","name":"curl","namespace":"curl"},
             "destinations":[{"kind":"Service","name":"httpbin","namespace":"httpbin"}],
             "retryPolicy":{"retryOn":"5xx","perTryTimeout":"1s","numRetries":5,"retryBackoffBaseInterval":"1s"}}}""";

    @TempDir
    Path dir;
    private Database db;
    private final ExpectedActors actors = new ExpectedActors(java.time.Clock.systemUTC());
    private ObservedChangeAudit audit;

    @BeforeEach
    void open() {
        db = Database.open(DatabaseConfig.h2File(dir));
        audit = new ObservedChangeAudit(db.resources(), db.audit(), actors);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void addsUpdatesAndDeletesJoinTheChainWithTheirActorAndPatch() {
        String v2 = RETRY_V1.replace("\"numRetries\":5", "\"numRetries\":3").replace("\"11\"", "\"12\"");
        audit.record("Retry", "curl", "retry", null, RETRY_V1, "kubectl", "11", false);
        audit.record("Retry", "curl", "retry", RETRY_V1, v2, "helm", "12", false);
        audit.record("Retry", "curl", "retry", v2, null, "kubernetes", "12", false);

        List<AuditRecord> rows = rows("Retry");
        assertThat(rows).extracting(AuditRecord::verb)
                .containsExactly(AuditVerb.DELETE, AuditVerb.UPDATE, AuditVerb.CREATE);
        assertThat(rows).extracting(AuditRecord::actor).containsExactly("kubernetes", "helm", "kubectl");
        AuditRecord update = rows.get(1);
        assertThat(update.resourceVersion()).isEqualTo(12L);
        assertThat(update.patchJson()).contains("\"op\":\"replace\"", "/spec/retryPolicy/numRetries", "3");
        assertThat(update.beforeJson()).contains("\"numRetries\":5").doesNotContain("managedFields");
        assertThat(update.afterJson()).contains("\"numRetries\":3");
        assertThat(db.audit().verify().ok()).isTrue();
    }

    @Test
    void aReListAfterARestartRecordsNothingNew() {
        assertThat(audit.record("Retry", "curl", "retry", null, RETRY_V1, "kubectl", "11", false)).isNotNull();
        // a new process lists the cluster again: the same object at the same version
        ObservedChangeAudit restarted = new ObservedChangeAudit(db.resources(), db.audit(), new ExpectedActors(java.time.Clock.systemUTC()));
        assertThat(restarted.record("Retry", "curl", "retry", null, RETRY_V1, "kubectl", "11", false)).isNull();
        assertThat(rows("Retry")).hasSize(1);
    }

    @Test
    void aChangeOlderThanTheLastRecordedIsNotRecorded() {
        String v2 = RETRY_V1.replace("\"numRetries\":5", "\"numRetries\":3").replace("\"11\"", "\"12\"");
        audit.record("Retry", "curl", "retry", null, RETRY_V1, "kubectl", "11", false);
        audit.record("Retry", "curl", "retry", RETRY_V1, v2, "kubectl", "12", false);
        // a new leader replays what it observed as a follower: the previous leader recorded both already
        assertThat(audit.record("Retry", "curl", "retry", null, RETRY_V1, "kubectl", "11", false)).isNull();
        assertThat(audit.record("Retry", "curl", "retry", RETRY_V1, v2, "kubectl", "12", false)).isNull();
        // a delete carries the deleted object's version: it follows the update of that version, once
        assertThat(audit.record("Retry", "curl", "retry", v2, null, "kubernetes", "12", false)).isNotNull();
        assertThat(audit.record("Retry", "curl", "retry", v2, null, "kubernetes", "12", false)).isNull();
        assertThat(rows("Retry")).extracting(AuditRecord::verb)
                .containsExactly(AuditVerb.DELETE, AuditVerb.UPDATE, AuditVerb.CREATE);
    }

    @Test
    void aWriteTheApiMadeNamesTheApisCallerOnce() {
        actors.expect("Retry", "curl", "retry", "alice");
        audit.record("Retry", "curl", "retry", null, RETRY_V1, "fabric8-client", "11", false);
        String v2 = RETRY_V1.replace("\"numRetries\":5", "\"numRetries\":3").replace("\"11\"", "\"12\"");
        audit.record("Retry", "curl", "retry", RETRY_V1, v2, "kubectl", "12", false);
        assertThat(rows("Retry")).extracting(AuditRecord::actor).containsExactly("kubectl", "alice");
    }

    @Test
    void statusWritesAreRecordedAsSuch() {
        String withStatus = RETRY_V1.replace("\"11\"", "\"13\"").replaceFirst("}}}$",
                "}},\"status\":{\"conditions\":[{\"type\":\"Accepted\",\"status\":\"True\"}]}}");
        audit.record("Retry", "curl", "retry", RETRY_V1, withStatus, "meshgate", "13", true);
        assertThat(rows("Retry")).singleElement().satisfies(row -> {
            assertThat(row.verb()).isEqualTo(AuditVerb.STATUS);
            assertThat(row.patchJson()).contains("/status");
        });
    }

    @Test
    void secretDataIsRedactedAsTheStoreRedactsIt() {
        String secret = """
                {"apiVersion":"v1","kind":"Secret","metadata":{"name":"tls","namespace":"httpbin","resourceVersion":"5"},
                 "type":"Opaque","data":{"password":"c2VjcmV0"}}""";
        audit.record("Secret", "httpbin", "tls", null, secret, "kubectl", "5", false);
        AuditRecord row = rows("Secret").getFirst();
        assertThat(row.afterJson()).doesNotContain("c2VjcmV0").contains("password");
        assertThat(row.patchJson()).doesNotContain("c2VjcmV0");
    }

    private List<AuditRecord> rows(String kind) {
        return db.audit().query(AuditQuery.builder().kind(kind).build()).items();
    }
}
