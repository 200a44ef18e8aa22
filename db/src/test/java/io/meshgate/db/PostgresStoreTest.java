package io.meshgate.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The store contract on PostgreSQL, one server for the whole class and one database per test.
 * Skipped (with a reason) where Debian's {@code postgresql} package is not installed.
 */
class PostgresStoreTest extends StoreContractTest {

    private static PostgresServer server;

    @BeforeAll
    static void startServer() throws Exception {
        Optional<Path> bin = PostgresServer.findBinaries();
        Assumptions.assumeTrue(bin.isPresent(),
                "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin: "
                        + "install the Debian package 'postgresql' to run these tests");
        server = PostgresServer.start(bin.get());
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    DatabaseConfig newDatabaseConfig() throws SQLException {
        return server.newDatabase().withMaxPoolSize(4);
    }

    @Override
    Connection rawConnection(DatabaseConfig config) throws SQLException {
        return DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password());
    }

    /** Two control-plane replicas on one database: the row lock keeps revisions and the chain linear. */
    @Test
    void twoReplicasSharingTheDatabaseStayLinear() throws Exception {
        try (Database replica = Database.open(config.withClock(clock))) {
            int perReplica = 20;
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<List<Long>>> futures = new ArrayList<>();
                for (Database instance : List.of(db, replica)) {
                    String prefix = instance == db ? "a" : "b";
                    futures.add(pool.submit(() -> {
                        List<Long> revisions = new ArrayList<>();
                        for (int i = 0; i < perReplica; i++) {
                            String name = prefix + i;
                            revisions.add(instance.resources().writeAndReturn(ALICE, tx -> {
                                StoredObject o = tx.put("Service", "demo", name, body("Service", name, "{}"), null, 0L);
                                tx.audit(AuditEntry.created(o, null));
                                return o.resourceVersion();
                            }));
                        }
                        return revisions;
                    }));
                }
                Set<Long> all = new HashSet<>();
                for (Future<List<Long>> f : futures) {
                    all.addAll(f.get(120, TimeUnit.SECONDS));
                }
                assertThat(all).hasSize(2 * perReplica).allMatch(r -> r >= 1 && r <= 2 * perReplica);
            } finally {
                pool.shutdownNow();
            }
            assertThat(replica.audit().verify().ok()).isTrue();
            assertThat(db.audit().verify().checkedRows()).isEqualTo(2 * perReplica);
            assertThat(db.events().since(0, 100)).hasSize(2 * perReplica);
        }
    }
}
