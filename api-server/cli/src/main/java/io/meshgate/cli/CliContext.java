package io.meshgate.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What a CLI run may touch outside its arguments: its streams, its environment and its working
 * directory. Passed in (not read from {@link System}) so tests run the CLI in-process.
 *
 * @param out     command output
 * @param err     errors and notices
 * @param in      read by {@code -f -}
 * @param env     environment variables ({@code MESHGATE_SERVER}, {@code MESHGATE_TOKEN})
 * @param workDir where {@code ./data/admin.token} and relative file names are looked up
 */
public record CliContext(PrintStream out, PrintStream err, InputStream in, Map<String, String> env, Path workDir) {
    public CliContext {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        Objects.requireNonNull(in, "in");
        env = Map.copyOf(env);
        Objects.requireNonNull(workDir, "workDir");
    }

    /** The process's own streams, environment and current directory. */
    public static CliContext system() {
        return new CliContext(System.out, System.err, System.in, System.getenv(), Path.of("").toAbsolutePath());
    }

    /** A path as the user typed it, relative to {@link #workDir}. */
    Path resolve(String path) {
        return workDir.resolve(path);
    }
}
