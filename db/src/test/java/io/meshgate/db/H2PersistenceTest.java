package io.meshgate.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The H2 file: created and migrated on first open, everything still there after a restart. */
class H2PersistenceTest {

    private static final Actor ACTOR = Actor.system("test");

    @TempDir
    Path tempDir;

    @Test
    void migrationsCreateTheSchemaInAFreshPrivateDataDirectory() throws Exception {
        Path dataDir = tempDir.resolve("data");
        DatabaseConfig config = DatabaseConfig.h2File(dataDir);
        try (Database db = Database.open(config)) {
            assertThat(db.resources().currentRevision()).isZero();
        }
        assertThat(dataDir.resolve("meshgate.mv.db")).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir))).isEqualTo("rwx------");
        try (Connection c = DriverManager.getConnection(config.jdbcUrl(), "sa", "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(
                     "SELECT \"version\", \"success\" FROM \"flyway_schema_history\""
                             + " WHERE \"version\" IS NOT NULL ORDER BY \"installed_rank\"")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("1");
            assertThat(rs.getBoolean(2)).isTrue();
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("2");
            assertThat(rs.getBoolean(2)).isTrue();
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("3");
            assertThat(rs.getBoolean(2)).isTrue();
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("4");
            assertThat(rs.getBoolean(2)).isTrue();
            assertThat(rs.next()).isFalse();
        }
    }

    @Test
    void reopeningRestoresEveryResourceTheAuditChainTokensAndTheRevision() {
        DatabaseConfig config = DatabaseConfig.h2File(tempDir.resolve("data"));
        String token;
        List<StoredObject> written;
        try (Database db = Database.open(config)) {
            db.resources().write(ACTOR, tx -> {
                for (int i = 0; i < 20; i++) {
                    String name = "svc-" + i;
                    StoredObject o = tx.put("Service", i % 2 == 0 ? "even" : "odd", name,
                            "{\"kind\":\"Service\",\"spec\":{\"port\":" + (8000 + i) + "}}", Map.of("i", "" + i), 0L);
                    tx.audit(AuditEntry.created(o, null));
                }
            });
            db.resources().write(ACTOR, tx -> tx.audit(AuditEntry.deleted(
                    tx.delete("Service", "even", "svc-0", null).orElseThrow())));
            token = db.tokens().create("ci", Role.EDITOR);
            written = db.resources().list("Service", null, Map.of(), Set.of(), 0, null).items();
            assertThat(written).hasSize(19);
        }

        try (Database db = Database.open(config)) {
            assertThat(db.resources().currentRevision()).isEqualTo(21);
            assertThat(db.resources().list("Service", null, Map.of(), Set.of(), 0, null).items())
                    .containsExactlyElementsOf(written);
            assertThat(db.audit().verify()).satisfies(v -> {
                assertThat(v.ok()).isTrue();
                // 20 creates, 1 delete, and the token's creation
                assertThat(v.checkedRows()).isEqualTo(22);
            });
            assertThat(db.tokens().authenticate(token)).isPresent();
            assertThat(db.events().since(19, 10)).extracting(ChangeEvent::type)
                    .containsExactly(EventType.ADDED, EventType.DELETED);
            // the sequence continues where it stopped
            StoredObject next = db.resources().writeAndReturn(ACTOR,
                    tx -> tx.put("Service", "even", "svc-0", "{\"kind\":\"Service\"}", null, 0L));
            assertThat(next.resourceVersion()).isEqualTo(22);
        }
    }

    @Test
    void theDatabaseFileNeverContainsATokenInPlainText() throws Exception {
        Path dataDir = tempDir.resolve("data");
        String token;
        try (Database db = Database.open(DatabaseConfig.h2File(dataDir))) {
            token = db.tokens().create("ci", Role.ADMIN);
            assertThat(db.tokens().authenticate(token)).isPresent();
        }
        byte[] file = Files.readAllBytes(dataDir.resolve("meshgate.mv.db"));
        String contents = new String(file, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(contents).contains(Sha256.hex(token)); // the search itself works
        assertThat(contents).doesNotContain(token.substring(TokenStore.PREFIX.length()));
    }
}
