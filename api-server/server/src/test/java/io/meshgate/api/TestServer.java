package io.meshgate.api;

import io.meshgate.db.Database;
import io.meshgate.db.DatabaseConfig;
import io.meshgate.db.Role;

import java.nio.file.Path;

/** An API server on a free loopback port over a fresh H2 database, with one token per role. */
public final class TestServer implements AutoCloseable {
    public static final String ADMIN_TOKEN = "test-admin-token-0123456789";

    final Database db;
    final ApiServer server;
    final ApiClient admin;
    final ApiClient editor;
    final ApiClient viewer;
    final ApiClient anonymous;

    public TestServer(Path dir) {
        this(dir, ApiServerOptions.of(0, dir).withAdminToken(ADMIN_TOKEN));
    }

    public TestServer(Path dir, ApiServerOptions options) {
        this(DatabaseConfig.h2File(dir), options);
    }

    public TestServer(DatabaseConfig config, ApiServerOptions options) {
        this(config, options, io.meshgate.reconcile.TranslatorRegistry.standard());
    }

    public TestServer(DatabaseConfig config, ApiServerOptions options, io.meshgate.reconcile.TranslatorRegistry translators) {
        this(config, options, translators, java.time.Clock.systemUTC());
    }

    /** With the clock that issued certificates follow (a test moves it to make them expire). */
    public TestServer(DatabaseConfig config, ApiServerOptions options, io.meshgate.reconcile.TranslatorRegistry translators,
               java.time.Clock clock) {
        db = Database.open(config);
        server = ApiServer.start(db, options, translators, clock);
        String base = "http://127.0.0.1:" + server.port();
        anonymous = new ApiClient(base, null);
        admin = anonymous.as(ADMIN_TOKEN);
        editor = anonymous.as(db.tokens().create("test-editor", Role.EDITOR));
        viewer = anonymous.as(db.tokens().create("test-viewer", Role.VIEWER));
    }

    @Override
    public void close() {
        server.close();
        db.close();
    }
}
