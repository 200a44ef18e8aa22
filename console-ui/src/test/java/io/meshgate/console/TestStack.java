package io.meshgate.console;

import io.meshgate.api.ApiServer;
import io.meshgate.api.ApiServerOptions;
import io.meshgate.db.Database;
import io.meshgate.db.DatabaseConfig;
import io.meshgate.db.Role;

import java.net.URI;
import java.nio.file.Path;

/** A real admin API on a free loopback port over a fresh H2 database, with one token per role. */
final class TestStack implements AutoCloseable {
    static final String ADMIN_TOKEN = "console-test-admin-token-0123456789";

    final Database db;
    final ApiServer api;
    final String editorToken;
    final String viewerToken;

    TestStack(Path dir) {
        db = Database.open(DatabaseConfig.h2File(dir));
        api = ApiServer.start(db, ApiServerOptions.of(0, dir).withAdminToken(ADMIN_TOKEN));
        editorToken = db.tokens().create("console-editor", Role.EDITOR);
        viewerToken = db.tokens().create("console-viewer", Role.VIEWER);
    }

    URI apiUrl() {
        return URI.create("http://127.0.0.1:" + api.port());
    }

    @Override
    public void close() {
        api.close();
        db.close();
    }
}
