package io.meshgate.cli;

import io.meshgate.api.ApiServer;
import io.meshgate.api.ApiServerOptions;
import io.meshgate.api.ApiTlsMode;
import io.meshgate.api.ApiTlsOptions;
import io.meshgate.db.Database;
import io.meshgate.db.DatabaseConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI against an HTTPS API: it trusts ./data/ca/ca.crt by default, or --ca-file / $MESHGATE_CA_FILE. */
class CliTlsTest {
    @TempDir
    static Path dir;
    @TempDir
    static Path elsewhere;
    static Database db;
    static ApiServer server;

    @BeforeAll
    static void start() {
        Path data = dir.resolve("data");
        db = Database.open(DatabaseConfig.h2File(data));
        server = ApiServer.start(db, ApiServerOptions.of(0, data).withAdminToken(ApiFixture.ADMIN_TOKEN)
                .withTls(ApiTlsOptions.auto().withMode(ApiTlsMode.ON)));
    }

    @AfterAll
    static void stop() {
        server.close();
        db.close();
    }

    private static Map<String, String> env(String... more) {
        Map<String, String> env = new java.util.HashMap<>(Map.of("MESHGATE_SERVER", "https://127.0.0.1:" + server.port(),
                "MESHGATE_TOKEN", ApiFixture.ADMIN_TOKEN));
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return env;
    }

    @Test
    void trustsTheMeshCaInTheDataDirectoryByDefault() {
        CliRun run = CliRun.run(env(), dir, "", "get", "meshconfigs");
        assertThat(run.status()).as(run.toString()).isZero();
    }

    @Test
    void elsewhereItNeedsTheCaFileAndSaysSo() {
        CliRun untrusted = CliRun.run(env(), elsewhere, "", "get", "meshconfigs");
        assertThat(untrusted.status()).as(untrusted.toString()).isNotZero();
        assertThat(untrusted.err()).contains("--ca-file");

        String ca = dir.resolve("data/ca/ca.crt").toString();
        CliRun flag = CliRun.run(env(), elsewhere, "", "--ca-file", ca, "get", "meshconfigs");
        assertThat(flag.status()).as(flag.toString()).isZero();
        CliRun fromEnv = CliRun.run(env("MESHGATE_CA_FILE", ca), elsewhere, "", "get", "meshconfigs");
        assertThat(fromEnv.status()).as(fromEnv.toString()).isZero();
    }
}
