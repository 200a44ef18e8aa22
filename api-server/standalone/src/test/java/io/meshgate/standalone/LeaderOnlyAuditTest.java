package io.meshgate.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.api.ExpectedActors;
import io.meshgate.api.ObservedChangeAudit;
import io.meshgate.db.AuditQuery;
import io.meshgate.db.AuditRecord;
import io.meshgate.db.AuditVerb;
import io.meshgate.db.Database;
import io.meshgate.db.DatabaseConfig;
import io.meshgate.kube.ObservedChange;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replicas over one audit database (as with PostgreSQL), both observing every change: only the
 * leader records, and a change made while the leadership passes is recorded once, by one of them.
 */
class LeaderOnlyAuditTest {
    private static final String RETRY = """
            {"apiVersion":"policy.flomesh.io/v1alpha1","kind":"Retry","metadata":{"name":"retry","namespace":"curl",
             "resourceVersion":"RV"},
             "spec":{"source":{"kind":"ServiceAccount","name":"curl","namespace":"curl"},
             "destinations":[{"kind":"Service","name":"httpbin","namespace":"httpbin"}],
             "retryPolicy":{"retryOn":"5xx","perTryTimeout":"1s","numRetries":N,"retryBackoffBaseInterval":"1s"}}}""";

    @TempDir
    Path dir;
    private Database db;
    private LeaderOnlyAudit first;
    private LeaderOnlyAudit second;

    @BeforeEach
    void open() {
        db = Database.open(DatabaseConfig.h2File(dir));
        first = replica(10);
        second = replica(10);
    }

    private LeaderOnlyAudit replica(int capacity) {
        return new LeaderOnlyAudit(new ObservedChangeAudit(db.resources(), db.audit(),
                new ExpectedActors(Clock.systemUTC())), capacity);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void onlyTheLeaderRecordsAndAHandOverLosesAndDoublesNothing() throws Exception {
        first.leading(true);
        first.awaitReplayed(Duration.ofSeconds(10));
        both(created(11));
        both(updated(11, 12));
        assertThat(versions()).containsExactly(12L, 11L); // once each, not twice

        // the leader stops (its pod is deleted) before it records 13; 14 happens while nobody leads
        first.leading(false);
        both(updated(12, 13));
        both(updated(13, 14));
        assertThat(versions()).containsExactly(12L, 11L);

        // the other replica takes over: it records what the old leader did not, in order, and nothing twice
        second.leading(true);
        second.awaitReplayed(Duration.ofSeconds(10));
        assertThat(versions()).containsExactly(14L, 13L, 12L, 11L);
        both(deleted(14));
        assertThat(rows()).extracting(AuditRecord::verb).containsExactly(AuditVerb.DELETE, AuditVerb.UPDATE,
                AuditVerb.UPDATE, AuditVerb.UPDATE, AuditVerb.CREATE);
        assertThat(db.audit().verify().ok()).isTrue();
    }

    @Test
    void aFollowerHoldsOnlyItsNewestChanges() throws Exception {
        LeaderOnlyAudit small = replica(2);
        small.observed(created(11));
        small.observed(updated(11, 12));
        small.observed(updated(12, 13));
        small.leading(true);
        small.awaitReplayed(Duration.ofSeconds(10));
        assertThat(versions()).containsExactly(13L, 12L);
    }

    private void both(ObservedChange change) {
        first.observed(change);
        second.observed(change);
    }

    private static ObservedChange created(int version) {
        return new ObservedChange("Retry", "curl", "retry", null, retry(version), "kubectl", String.valueOf(version),
                false);
    }

    private static ObservedChange updated(int from, int to) {
        return new ObservedChange("Retry", "curl", "retry", retry(from), retry(to), "kubectl", String.valueOf(to),
                false);
    }

    private static ObservedChange deleted(int version) {
        return new ObservedChange("Retry", "curl", "retry", retry(version), null, ObservedChange.UNKNOWN_ACTOR,
                String.valueOf(version), false);
    }

    private static String retry(int version) {
        return RETRY.replace("RV", String.valueOf(version)).replace("N", String.valueOf(version % 7 + 1));
    }

    private List<AuditRecord> rows() {
        return db.audit().query(AuditQuery.builder().kind("Retry").limit(100).build()).items();
    }

    private List<Long> versions() {
        return rows().stream().map(AuditRecord::resourceVersion).toList();
    }
}
