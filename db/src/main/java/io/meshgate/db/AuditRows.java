package io.meshgate.db;

import static io.meshgate.db.jooq.Tables.AUDIT;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jooq.DSLContext;
import org.jooq.Record;

/** Maps {@link AuditRecord} to and from the {@code audit} table. */
final class AuditRows {

    private AuditRows() {
    }

    static AuditRecord fromRow(Record r) {
        return new AuditRecord(
                r.get(AUDIT.ID),
                r.get(AUDIT.RECORDED_AT).toInstant(),
                r.get(AUDIT.ACTOR),
                r.get(AUDIT.SOURCE_ADDRESS),
                AuditVerb.parse(r.get(AUDIT.VERB)),
                r.get(AUDIT.KIND),
                r.get(AUDIT.NAMESPACE),
                r.get(AUDIT.NAME),
                r.get(AUDIT.RESOURCE_VERSION),
                r.get(AUDIT.BEFORE_JSON),
                r.get(AUDIT.AFTER_JSON),
                r.get(AUDIT.PATCH_JSON),
                r.get(AUDIT.MESSAGE),
                r.get(AUDIT.PREV_HASH),
                r.get(AUDIT.HASH));
    }

    static void insert(DSLContext sql, AuditRecord row) {
        sql.insertInto(AUDIT)
                .set(AUDIT.ID, row.id())
                .set(AUDIT.RECORDED_AT, OffsetDateTime.ofInstant(row.at(), ZoneOffset.UTC))
                .set(AUDIT.ACTOR, row.actor())
                .set(AUDIT.SOURCE_ADDRESS, row.sourceAddress())
                .set(AUDIT.VERB, row.verb().wireName())
                .set(AUDIT.KIND, row.kind())
                .set(AUDIT.NAMESPACE, row.namespace())
                .set(AUDIT.NAME, row.name())
                .set(AUDIT.RESOURCE_VERSION, row.resourceVersion())
                .set(AUDIT.BEFORE_JSON, row.beforeJson())
                .set(AUDIT.AFTER_JSON, row.afterJson())
                .set(AUDIT.PATCH_JSON, row.patchJson())
                .set(AUDIT.MESSAGE, row.message())
                .set(AUDIT.PREV_HASH, row.prevHash())
                .set(AUDIT.HASH, row.hash())
                .execute();
    }
}
