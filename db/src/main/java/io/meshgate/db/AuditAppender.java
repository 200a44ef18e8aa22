package io.meshgate.db;

import static io.meshgate.db.jooq.Tables.AUDIT;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import org.jooq.DSLContext;
import org.jooq.Record2;

/**
 * Appends chained rows to the audit table inside one write transaction. Must only be used under
 * the {@link Writer}'s locks: the chain head it reads cannot move until the transaction ends.
 */
final class AuditAppender {

    private final DSLContext sql;
    private final Clock clock;
    private final Actor actor;
    private long headId = -1;
    private String headHash;

    AuditAppender(DSLContext sql, Clock clock, Actor actor) {
        this.sql = sql;
        this.clock = clock;
        this.actor = actor;
    }

    AuditRecord append(AuditEntry entry) {
        if (headId < 0) {
            Record2<Long, String> head = sql.select(AUDIT.ID, AUDIT.HASH)
                    .from(AUDIT)
                    .orderBy(AUDIT.ID.desc())
                    .limit(1)
                    .fetchOne();
            headId = head == null ? 0 : head.value1();
            headHash = head == null ? AuditRecord.GENESIS_HASH : head.value2();
        }
        AuditRecord unsigned = new AuditRecord(
                headId + 1,
                clock.instant().truncatedTo(ChronoUnit.MILLIS),
                actor.name(),
                actor.sourceAddress(),
                entry.verb(),
                entry.kind(),
                entry.namespace(),
                entry.name(),
                entry.resourceVersion(),
                entry.beforeJson(),
                entry.afterJson(),
                entry.patchJson(),
                entry.message(),
                headHash,
                null);
        String hash = AuditHasher.hash(unsigned);
        AuditRecord row = new AuditRecord(unsigned.id(), unsigned.at(), unsigned.actor(), unsigned.sourceAddress(),
                unsigned.verb(), unsigned.kind(), unsigned.namespace(), unsigned.name(), unsigned.resourceVersion(),
                unsigned.beforeJson(), unsigned.afterJson(), unsigned.patchJson(), unsigned.message(),
                unsigned.prevHash(), hash);
        AuditRows.insert(sql, row);
        headId = row.id();
        headHash = hash;
        return row;
    }
}
