package io.meshgate.api;

import io.meshgate.reconcile.TranslatorRegistry;
import io.meshgate.db.Database;
import io.meshgate.db.DatabaseConfig;
import io.meshgate.resources.MeshConfigDefaults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Building an {@link ApiServer} wires it and nothing more; {@link ApiServer#start()} bootstraps the
 * first-start state, starts the background loops and listens.
 */
class ApiServerLifecycleTest {
    private static final Set<String> LOOP_THREADS = Set.of("meshgate-reconcile", "meshgate-certificates");

    @TempDir
    Path dir;

    @Test
    void buildingStartsNothingAndStartStartsEverything() throws InterruptedException {
        try (Database db = Database.open(DatabaseConfig.h2File(dir))) {
            Set<Thread> before = loopThreads();
            try (ApiServer server = ApiServer.create(db, options(), TranslatorRegistry.standard())) {
                // long enough for a loop started by mistake to run its first pass (100 ms debounce)
                Thread.sleep(500);
                assertThat(loopThreads()).as("no loop thread runs").isSubsetOf(before);
                assertThat(server.reconciler().reconciledRevision()).isEqualTo(-1);
                assertThat(server.adminTokenLocation()).isNull();
                assertThat(db.resources().get("MeshConfig", MeshConfigDefaults.NAMESPACE, MeshConfigDefaults.NAME))
                        .as("no first-start write").isEmpty();

                assertThat(server.start()).isSameAs(server);
                assertThat(loopThreads()).extracting(Thread::getName).containsAll(LOOP_THREADS);
                assertThat(server.adminTokenLocation()).isEqualTo("MESHGATE_ADMIN_TOKEN");
                assertThat(new ApiClient("http://127.0.0.1:" + server.port(), null).get("/readyz").statusCode())
                        .isEqualTo(200);
                await().atMost(Duration.ofSeconds(10)).until(() -> server.reconciler().reconciledRevision() >= 0);
                assertThat(db.resources().get("MeshConfig", MeshConfigDefaults.NAMESPACE, MeshConfigDefaults.NAME))
                        .isPresent();
                assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class);
            }
        }
    }

    @Test
    void aServerThatNeverStartedCloses() {
        try (Database db = Database.open(DatabaseConfig.h2File(dir))) {
            ApiServer.create(db, options(), TranslatorRegistry.standard()).close();
        }
    }

    private ApiServerOptions options() {
        return ApiServerOptions.of(0, dir).withAdminToken(TestServer.ADMIN_TOKEN);
    }

    private static Set<Thread> loopThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> LOOP_THREADS.contains(t.getName()) && t.isAlive())
                .collect(Collectors.toSet());
    }
}
