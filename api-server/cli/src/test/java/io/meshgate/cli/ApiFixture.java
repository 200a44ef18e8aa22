package io.meshgate.cli;

import io.meshgate.api.ApiServer;
import io.meshgate.api.ApiServerOptions;
import io.meshgate.db.Database;
import io.meshgate.db.DatabaseConfig;

import java.nio.file.Path;
import java.util.Map;

/** The real API server on a free loopback port over a fresh H2 database in a temp directory. */
final class ApiFixture implements AutoCloseable {
    static final String ADMIN_TOKEN = "cli-test-admin-token-0123456789";

    final Database db;
    final ApiServer server;
    final Path workDir;

    ApiFixture(Path dir) {
        db = Database.open(DatabaseConfig.h2File(dir.resolve("db")));
        server = ApiServer.start(db, ApiServerOptions.of(0, dir.resolve("db")).withAdminToken(ADMIN_TOKEN));
        workDir = dir;
    }

    String url() {
        return "http://127.0.0.1:" + server.port();
    }

    /** Runs the CLI as the admin, the server given by the environment as a user would. */
    CliRun cli(String... args) {
        return cliWithStdin("", args);
    }

    CliRun cliWithStdin(String stdin, String... args) {
        return CliRun.run(Map.of("MESHGATE_SERVER", url(), "MESHGATE_TOKEN", ADMIN_TOKEN), workDir, stdin, args);
    }

    @Override
    public void close() {
        server.close();
        db.close();
    }
}
