package io.meshgate.db;

import static io.meshgate.db.jooq.Tables.AUDIT_CHECKPOINT;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import org.jooq.Record2;

/**
 * The persisted head of the last successful verification (table {@code audit_checkpoint}), shared by
 * every replica on the database. It only moves forward: a slower verification that finished on an
 * older head never moves it back.
 */
final class AuditCheckpoint {

    /** A verified position in the chain: row {@code id} with hash {@code hash} (0 and genesis at start). */
    record Position(long id, String hash) {
        static final Position GENESIS = new Position(0, AuditRecord.GENESIS_HASH);
    }

    private final Reads reads;
    private final Clock clock;

    AuditCheckpoint(Reads reads, Clock clock) {
        this.reads = reads;
        this.clock = clock;
    }

    Position load() {
        Record2<Long, String> row = reads.read(sql -> sql.select(AUDIT_CHECKPOINT.VERIFIED_ID,
                        AUDIT_CHECKPOINT.VERIFIED_HASH)
                .from(AUDIT_CHECKPOINT)
                .where(AUDIT_CHECKPOINT.ID.eq(1))
                .fetchOne());
        return row == null ? Position.GENESIS : new Position(row.value1(), row.value2());
    }

    /** Moves the checkpoint to {@code verified} unless it already is there or beyond. */
    void advance(Position verified) {
        // no write lock needed: the guard keeps the row monotonic, and audit rows never change
        reads.read(sql -> sql.update(AUDIT_CHECKPOINT)
                .set(AUDIT_CHECKPOINT.VERIFIED_ID, verified.id())
                .set(AUDIT_CHECKPOINT.VERIFIED_HASH, verified.hash())
                .set(AUDIT_CHECKPOINT.VERIFIED_AT, WriteTx.utc(clock.instant().truncatedTo(ChronoUnit.MILLIS)))
                .where(AUDIT_CHECKPOINT.ID.eq(1))
                .and(AUDIT_CHECKPOINT.VERIFIED_ID.lt(verified.id()))
                .execute());
    }
}
