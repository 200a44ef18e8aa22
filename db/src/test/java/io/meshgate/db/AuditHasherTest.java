package io.meshgate.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The canonical form behind the audit chain: deterministic, and every field counts. */
class AuditHasherTest {

    private static AuditRecord row(String actor, String kind, String name, String message) {
        return new AuditRecord(7, Instant.parse("2026-03-01T10:00:00.123Z"), actor, "127.0.0.1", AuditVerb.UPDATE,
                kind, "demo", name, 42L, "{\"a\":1}", "{\"a\":2}", "[]", message, AuditRecord.GENESIS_HASH, null);
    }

    @Test
    void hashIsDeterministicHexSha256() {
        String hash = AuditHasher.hash(row("alice", "Service", "web", null));
        assertThat(hash).matches("[0-9a-f]{64}").isEqualTo(AuditHasher.hash(row("alice", "Service", "web", null)));
    }

    @Test
    void theStoredHashFieldIsNotPartOfTheInput() {
        AuditRecord r = row("alice", "Service", "web", null);
        AuditRecord withHash = new AuditRecord(r.id(), r.at(), r.actor(), r.sourceAddress(), r.verb(), r.kind(),
                r.namespace(), r.name(), r.resourceVersion(), r.beforeJson(), r.afterJson(), r.patchJson(),
                r.message(), r.prevHash(), "f".repeat(64));
        assertThat(AuditHasher.hash(withHash)).isEqualTo(AuditHasher.hash(r));
    }

    @Test
    void movingTextBetweenFieldsChangesTheHash() {
        // without length prefixes "Service"+"web" and "Serviceweb"+"" could collide
        assertThat(AuditHasher.hash(row("alice", "Service", "web", null)))
                .isNotEqualTo(AuditHasher.hash(row("alice", "Serviceweb", "", null)));
        assertThat(AuditHasher.hash(row("alice", "Service", "web", null)))
                .isNotEqualTo(AuditHasher.hash(row("alice", "Service", "web", "")));
    }

    @Test
    void everyFieldIsCovered() {
        AuditRecord base = row("alice", "Service", "web", null);
        String h = AuditHasher.hash(base);
        assertThat(AuditHasher.hash(new AuditRecord(8, base.at(), "alice", "127.0.0.1", AuditVerb.UPDATE, "Service",
                "demo", "web", 42L, "{\"a\":1}", "{\"a\":2}", "[]", null, base.prevHash(), null))).isNotEqualTo(h);
        assertThat(AuditHasher.hash(new AuditRecord(7, base.at().plusMillis(1), "alice", "127.0.0.1",
                AuditVerb.UPDATE, "Service", "demo", "web", 42L, "{\"a\":1}", "{\"a\":2}", "[]", null, base.prevHash(),
                null))).isNotEqualTo(h);
        assertThat(AuditHasher.hash(new AuditRecord(7, base.at(), "alice", null, AuditVerb.UPDATE, "Service",
                "demo", "web", 42L, "{\"a\":1}", "{\"a\":2}", "[]", null, base.prevHash(), null))).isNotEqualTo(h);
        assertThat(AuditHasher.hash(new AuditRecord(7, base.at(), "alice", "127.0.0.1", AuditVerb.REVERT,
                "Service", "demo", "web", 42L, "{\"a\":1}", "{\"a\":2}", "[]", null, base.prevHash(), null)))
                .isNotEqualTo(h);
        assertThat(AuditHasher.hash(new AuditRecord(7, base.at(), "alice", "127.0.0.1", AuditVerb.UPDATE,
                "Service", "demo", "web", 43L, "{\"a\":1}", "{\"a\":2}", "[]", null, base.prevHash(), null)))
                .isNotEqualTo(h);
        assertThat(AuditHasher.hash(new AuditRecord(7, base.at(), "alice", "127.0.0.1", AuditVerb.UPDATE,
                "Service", "demo", "web", 42L, "{\"a\":1}", "{\"a\":3}", "[]", null, base.prevHash(), null)))
                .isNotEqualTo(h);
        assertThat(AuditHasher.hash(new AuditRecord(7, base.at(), "alice", "127.0.0.1", AuditVerb.UPDATE,
                "Service", "demo", "web", 42L, "{\"a\":1}", "{\"a\":2}", "[]", null, "1".repeat(64), null)))
                .isNotEqualTo(h);
    }
}
