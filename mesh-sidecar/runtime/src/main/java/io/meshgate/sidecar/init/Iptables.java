package io.meshgate.sidecar.init;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code iptables-save} and {@code iptables-restore} from the iptables package (whichever
 * backend, nft or legacy, its alternatives point at: both read the same script), each with a
 * deadline. A command prefix runs them elsewhere, e.g. {@code ip netns exec NAME} in tests.
 */
public final class Iptables {
    /** Where Debian installs them; PATH of a non-root shell often lacks the sbin directories. */
    private static final List<String> SBIN = List.of("/usr/sbin", "/sbin", "/usr/local/sbin");
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    /** Seconds iptables-restore waits for the xtables lock another tool may hold (legacy backend). */
    private static final String LOCK_WAIT_SECONDS = "5";

    private final List<String> prefix;
    private final Path save;
    private final Path restore;

    private Iptables(List<String> prefix, Path save, Path restore) {
        this.prefix = List.copyOf(prefix);
        this.save = save;
        this.restore = restore;
    }

    /**
     * Finds the two commands on PATH or in the sbin directories.
     *
     * @param prefix words put before each command (empty to run them here)
     * @throws IllegalStateException saying to install the iptables package when one is missing
     */
    public static Iptables locate(List<String> prefix) {
        return new Iptables(prefix, find("iptables-save"), find("iptables-restore"));
    }

    /** The {@code nat} table as {@code iptables-save} prints it (empty when the table was never used). */
    public String saveNat() throws IOException, InterruptedException {
        return run(List.of(save.toString(), "-t", "nat"), null);
    }

    /** Feeds {@code script} to {@code iptables-restore --noflush}: one transaction, nothing else flushed. */
    public void restore(String script) throws IOException, InterruptedException {
        run(List.of(restore.toString(), "--noflush", "--wait", LOCK_WAIT_SECONDS), script);
    }

    private String run(List<String> command, String stdin) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(prefix);
        full.addAll(command);
        Process process = new ProcessBuilder(full).start();
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        try (OutputStream in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (!process.waitFor(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", full) + " did not finish within " + DEADLINE.toSeconds() + " s");
        }
        String stderr = err.join().strip();
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", full) + " failed (exit " + process.exitValue() + ")"
                    + (stderr.isEmpty() ? "" : ": " + stderr));
        }
        return out.join();
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread.ofVirtual().name("iptables-output").start(() -> {
            try (stream) {
                text.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.complete("");
            }
        });
        return text;
    }

    private static Path find(String command) {
        Set<String> dirs = new LinkedHashSet<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(":")) {
                if (!dir.isBlank()) {
                    dirs.add(dir);
                }
            }
        }
        dirs.addAll(SBIN);
        for (String dir : dirs) {
            Path candidate = Path.of(dir, command);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(command + " not found on PATH or in " + String.join(", ", SBIN)
                + ": install the iptables package (apt-get install iptables)");
    }
}
