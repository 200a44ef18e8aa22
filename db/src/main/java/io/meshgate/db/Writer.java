package io.meshgate.db;

import static io.meshgate.db.jooq.Tables.EVENTS;
import static io.meshgate.db.jooq.Tables.STORE_STATE;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.LongConsumer;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;

/**
 * Runs every mutating transaction of the store, one at a time.
 *
 * <p>Two locks keep the revision counter and the audit chain linear: a fair in-process lock (so
 * writers of this JVM queue in Java instead of hitting database lock timeouts) and the row lock
 * {@code SELECT ... FOR UPDATE} on {@code store_state}, which also serializes several control-plane
 * replicas sharing one PostgreSQL database. The row lock is held until commit, so revisions become
 * visible to readers strictly in order: a reader never sees revision n+1 before revision n.
 */
final class Writer {

    private static final System.Logger LOG = System.getLogger(Writer.class.getName());

    private final DSLContext dsl;
    private final int eventRetention;
    private final ReentrantLock lock = new ReentrantLock(true);
    private final List<LongConsumer> commitListeners = new CopyOnWriteArrayList<>();

    Writer(DSLContext dsl, int eventRetention) {
        this.dsl = dsl;
        this.eventRetention = eventRetention;
    }

    /**
     * Runs {@code work} in one transaction holding the write locks; commits when it returns,
     * rolls everything back when it throws.
     */
    <T> T write(Function<WriteScope, T> work) {
        if (lock.isHeldByCurrentThread()) {
            throw new IllegalStateException("nested write: do all changes in the Tx of the outer write");
        }
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while waiting for the write lock", e);
        }
        WriteScope[] finished = new WriteScope[1];
        T result;
        try {
            result = dsl.transactionResult(configuration -> {
                DSLContext sql = configuration.dsl();
                long revision = sql.select(STORE_STATE.REVISION)
                        .from(STORE_STATE)
                        .where(STORE_STATE.ID.eq(1))
                        .forUpdate()
                        .fetchSingle()
                        .value1();
                WriteScope scope = new WriteScope(sql, revision);
                T value = work.apply(scope);
                if (scope.revision() != revision) {
                    sql.update(STORE_STATE)
                            .set(STORE_STATE.REVISION, scope.revision())
                            .where(STORE_STATE.ID.eq(1))
                            .execute();
                    // events are a bounded window for watch resume; one row per revision, so
                    // keeping revisions above (current - N) keeps exactly the newest N
                    sql.deleteFrom(EVENTS)
                            .where(EVENTS.RESOURCE_VERSION.le(scope.revision() - eventRetention))
                            .execute();
                }
                finished[0] = scope;
                return value;
            });
        } catch (DataAccessException e) {
            throw new StorageException("write transaction failed: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
        WriteScope scope = finished[0];
        if (scope != null && scope.revision() != scope.startRevision()) {
            notifyCommitted(scope.revision());
        }
        return result;
    }

    void addCommitListener(LongConsumer listener) {
        commitListeners.add(listener);
    }

    void removeCommitListener(LongConsumer listener) {
        commitListeners.remove(listener);
    }

    private void notifyCommitted(long revision) {
        for (LongConsumer listener : commitListeners) {
            try {
                listener.accept(revision);
            } catch (RuntimeException e) {
                // a broken listener must not turn a committed write into a reported failure
                LOG.log(Level.WARNING, "commit listener failed for revision " + revision, e);
            }
        }
    }

    /** The state of one write transaction: its SQL context and the revisions it has taken. */
    static final class WriteScope {
        private final DSLContext sql;
        private final long startRevision;
        private long revision;

        WriteScope(DSLContext sql, long startRevision) {
            this.sql = sql;
            this.startRevision = startRevision;
            this.revision = startRevision;
        }

        DSLContext sql() {
            return sql;
        }

        long startRevision() {
            return startRevision;
        }

        long revision() {
            return revision;
        }

        /** Takes the next global revision for one object write. */
        long nextRevision() {
            return ++revision;
        }
    }
}
