package io.meshgate.db;

import static io.meshgate.db.jooq.Tables.AUDIT;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.impl.DSL;

/**
 * The audit history: query it, check its hash chain (in full, or since the last verified row),
 * and record rejected writes. Rows are only ever inserted (by {@link Tx#audit} and
 * {@link #recordRejected}); no code updates or deletes them.
 */
public final class AuditLog {

    /** Rows read per query while verifying, to bound memory on long histories. */
    private static final int VERIFY_BATCH = 500;

    private final Reads reads;
    private final Writer writer;
    private final Clock clock;
    private final AuditCheckpoint checkpoint;

    AuditLog(Reads reads, Writer writer, Clock clock) {
        this.reads = reads;
        this.writer = writer;
        this.clock = clock;
        this.checkpoint = new AuditCheckpoint(reads, clock);
    }

    /** Rows matching {@code q}, newest first. */
    public Page<AuditRecord> query(AuditQuery q) {
        Objects.requireNonNull(q, "query");
        List<Condition> conditions = new ArrayList<>();
        if (q.kind() != null) {
            conditions.add(AUDIT.KIND.eq(q.kind()));
        }
        if (q.namespace() != null) {
            conditions.add(AUDIT.NAMESPACE.eq(q.namespace()));
        }
        if (q.name() != null) {
            conditions.add(AUDIT.NAME.eq(q.name()));
        }
        if (q.actor() != null) {
            conditions.add(AUDIT.ACTOR.eq(q.actor()));
        }
        if (q.verb() != null) {
            conditions.add(AUDIT.VERB.eq(q.verb().wireName()));
        }
        if (q.from() != null) {
            conditions.add(AUDIT.RECORDED_AT.ge(WriteTx.utc(q.from())));
        }
        if (q.to() != null) {
            conditions.add(AUDIT.RECORDED_AT.lt(WriteTx.utc(q.to())));
        }
        if (q.continueToken() != null && !q.continueToken().isEmpty()) {
            conditions.add(AUDIT.ID.lt(ContinueTokens.decodeAudit(q.continueToken())));
        }
        return reads.snapshot(sql -> {
            long revision = ResourceStore.revision(sql);
            List<AuditRecord> rows = sql.selectFrom(AUDIT)
                    .where(DSL.and(conditions))
                    .orderBy(AUDIT.ID.desc())
                    .limit(q.limit() + 1)
                    .fetch(AuditRows::fromRow);
            boolean more = rows.size() > q.limit();
            List<AuditRecord> items = more ? rows.subList(0, q.limit()) : rows;
            String token = more ? ContinueTokens.audit(items.get(items.size() - 1).id()) : null;
            return new Page<>(items, token, revision);
        });
    }

    /** One row by id. */
    public Optional<AuditRecord> get(long id) {
        return reads.read(sql -> sql.selectFrom(AUDIT).where(AUDIT.ID.eq(id)).fetchOptional().map(AuditRows::fromRow));
    }

    /**
     * Records a write that was refused (validation, authorization) in its own small transaction,
     * chained like every other row.
     *
     * @param entry an entry with verb {@link AuditVerb#REJECTED}, see {@link AuditEntry#rejected}
     */
    public AuditRecord recordRejected(Actor actor, AuditEntry entry) {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(entry, "entry");
        if (entry.verb() != AuditVerb.REJECTED) {
            throw new IllegalArgumentException("recordRejected takes REJECTED entries; record changes in their write");
        }
        return writer.write(scope -> new AuditAppender(scope.sql(), clock, actor).append(entry));
    }

    /**
     * Walks the whole chain from id 1: ids must be consecutive, each row's prev_hash must be the
     * previous row's hash, and each hash must match the row's content. Detects altered rows and
     * rows deleted in the middle; a rewritten or truncated tail needs the exported {@code headHash}.
     * When the chain is intact, moves the verified checkpoint to its head.
     */
    public VerifyResult verify() {
        return walkFrom(AuditCheckpoint.Position.GENESIS);
    }

    /**
     * Checks only what the last successful verification has not: the checkpoint row itself (still
     * there, same hash, content matching it) and every row after it, linked to it. Cost grows with
     * the rows added since, not with the history. It trusts rows below the checkpoint, so tampering
     * with those (done together with rewriting the checkpoint) needs {@link #verify()} to be found.
     * {@code checkedRows} counts the rows checked by this call.
     */
    public VerifyResult verifySinceCheckpoint() {
        AuditCheckpoint.Position from = checkpoint.load();
        if (from.id() > 0) {
            Optional<AuditRecord> row = get(from.id());
            String problem = row.isEmpty() ? "the last verified row is missing"
                    : !row.get().hash().equals(from.hash()) ? "hash of the last verified row changed"
                    : !AuditHasher.hash(row.get()).equals(from.hash()) ? "content does not match its hash (row altered)"
                    : null;
            if (problem != null) {
                return VerifyResult.broken(0, from.id(), problem, from.id(), from.hash());
            }
        }
        return walkFrom(from);
    }

    private VerifyResult walkFrom(AuditCheckpoint.Position start) {
        long checked = 0;
        long previousId = start.id();
        String previousHash = start.hash();
        while (true) {
            long after = previousId;
            List<AuditRecord> batch = reads.read(sql -> sql.selectFrom(AUDIT)
                    .where(AUDIT.ID.gt(after))
                    .orderBy(AUDIT.ID)
                    .limit(VERIFY_BATCH)
                    .fetch(AuditRows::fromRow));
            for (AuditRecord row : batch) {
                String problem = null;
                if (row.id() != previousId + 1) {
                    problem = "rows " + (previousId + 1) + ".." + (row.id() - 1) + " are missing";
                } else if (!previousHash.equals(row.prevHash())) {
                    problem = "prev_hash does not match the hash of row " + previousId;
                } else if (!AuditHasher.hash(row).equals(row.hash())) {
                    problem = "content does not match its hash (row altered)";
                }
                if (problem != null) {
                    return VerifyResult.broken(checked, row.id(), problem, previousId, previousHash);
                }
                checked++;
                previousId = row.id();
                previousHash = row.hash();
            }
            if (batch.size() < VERIFY_BATCH) {
                checkpoint.advance(new AuditCheckpoint.Position(previousId, previousHash));
                return VerifyResult.valid(checked, previousId, previousHash);
            }
        }
    }
}
