package io.meshgate.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 in the middle of a stream of writes loses no acknowledged write: a child JVM writes and
 * prints each acknowledged revision, is killed with SIGKILL, and the reopened database must hold
 * every object it acknowledged (and an intact audit chain).
 *
 * <p>The child's stdout goes to a file, not a pipe: every flushed line is in the file the moment
 * the child wrote it, whereas the JDK may close a pipe under a reader when the process dies.
 */
class CrashDurabilityTest {

    private static final int ACKS_BEFORE_KILL = 150;

    @TempDir
    Path tempDir;

    @Test
    void everyAcknowledgedWriteSurvivesSigkill() throws Exception {
        Path dataDir = tempDir.resolve("data");
        Path stdout = tempDir.resolve("child.stdout");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                "-Djava.util.logging.config.file=" + System.getProperty("java.util.logging.config.file", ""),
                CrashWriterMain.class.getName(), dataDir.toString())
                .redirectOutput(stdout.toFile())
                .redirectError(tempDir.resolve("child.stderr").toFile())
                .start();
        try {
            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(20))
                    .failFast("child exited", () -> !child.isAlive())
                    .until(() -> acknowledged(stdout).size() >= ACKS_BEFORE_KILL);
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hooks, no H2 close
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        // every complete line was printed after its commit returned, including the ones written
        // between the last poll and the kill
        Map<String, Long> acknowledged = acknowledged(stdout);
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(ACKS_BEFORE_KILL);

        try (Database db = Database.open(DatabaseConfig.h2File(dataDir))) {
            long maxAcked = acknowledged.values().stream().mapToLong(Long::longValue).max().orElseThrow();
            assertThat(db.resources().currentRevision()).isGreaterThanOrEqualTo(maxAcked);
            acknowledged.forEach((name, revision) -> assertThat(db.resources().get("ConfigMap", "default", name))
                    .as("acknowledged write %s at revision %d", name, revision)
                    .hasValueSatisfying(o -> assertThat(o.resourceVersion()).isEqualTo(revision)));
            VerifyResult verify = db.audit().verify();
            assertThat(verify.ok()).isTrue();
            assertThat(verify.checkedRows()).isGreaterThanOrEqualTo(acknowledged.size());
        }
    }

    /** The ACK lines of the child so far; a last line without its newline is still being written. */
    private static Map<String, Long> acknowledged(Path stdout) throws IOException {
        Map<String, Long> acks = new LinkedHashMap<>();
        String text = Files.readString(stdout, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n');
        if (end < 0) {
            return acks;
        }
        for (String line : text.substring(0, end).split("\n")) {
            String[] parts = line.split(" ");
            if (parts.length == 3 && parts[0].equals("ACK")) {
                acks.put(parts[1], Long.parseLong(parts[2]));
            } else {
                assertThat(line).isEqualTo("READY");
            }
        }
        return acks;
    }
}
