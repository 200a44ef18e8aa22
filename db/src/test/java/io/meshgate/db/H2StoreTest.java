package io.meshgate.db;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on the embedded default: an H2 file per test. */
class H2StoreTest extends StoreContractTest {

    @TempDir
    Path tempDir;

    private final AtomicInteger counter = new AtomicInteger();

    @Override
    DatabaseConfig newDatabaseConfig() {
        return DatabaseConfig.h2File(tempDir.resolve("data-" + counter.incrementAndGet()));
    }

    @Override
    Connection rawConnection(DatabaseConfig config) throws SQLException {
        // same URL in the same JVM: H2 hands out another session of the open database
        return DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password());
    }
}
