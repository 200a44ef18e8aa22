package io.meshgate.db;

import java.sql.Connection;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/** Read-side access: single statements, or several in one consistent snapshot. */
final class Reads {

    private final DSLContext dsl;

    Reads(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Runs {@code work} with auto-commit: fine for one statement. */
    <T> T read(Function<DSLContext, T> work) {
        try {
            return work.apply(dsl);
        } catch (DataAccessException e) {
            throw new StorageException("read failed: " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code work} in one REPEATABLE READ transaction, so a revision read first and the rows
     * read after it belong to the same snapshot (PostgreSQL and H2 both use MVCC: readers never
     * wait for writers).
     */
    <T> T snapshot(Function<DSLContext, T> work) {
        try {
            return dsl.connectionResult(connection -> {
                boolean autoCommit = connection.getAutoCommit();
                int isolation = connection.getTransactionIsolation();
                connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                connection.setAutoCommit(false);
                try {
                    T result = work.apply(DSL.using(connection, dsl.dialect(), dsl.settings()));
                    connection.commit();
                    return result;
                } catch (RuntimeException | Error e) {
                    connection.rollback();
                    throw e;
                } finally {
                    connection.setAutoCommit(autoCommit);
                    connection.setTransactionIsolation(isolation);
                }
            });
        } catch (DataAccessException e) {
            throw new StorageException("read failed: " + e.getMessage(), e);
        }
    }
}
