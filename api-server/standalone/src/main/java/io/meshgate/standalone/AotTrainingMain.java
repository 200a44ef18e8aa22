package io.meshgate.standalone;

import io.meshgate.proxy.logging.LogSetup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code meshgate aot-train up}'s JVM: runs {@link AotTraining} for {@code --seconds N} (default 20) in a throwaway
 * data directory and exits; the JVM, started with {@code -XX:AOTCacheOutput}, writes the stack's AOT cache as it
 * exits. Exit status 0 when the training's traffic went through (at most one failed request or connection in a
 * hundred), 1 otherwise (then the launcher keeps no cache), 2 on a bad argument.
 */
public final class AotTrainingMain {
    static final int DEFAULT_SECONDS = 20;
    static final String USAGE = "usage: meshgate aot-train up [--seconds N]   (N > 0, default " + DEFAULT_SECONDS + ")";

    private AotTrainingMain() {
    }

    /** The training's length from the arguments. */
    static Duration seconds(String[] args) {
        if (args.length == 0) {
            return Duration.ofSeconds(DEFAULT_SECONDS);
        }
        if (args.length != 2 || !args[0].equals("--seconds")) {
            throw new IllegalArgumentException("expected --seconds N, got '" + String.join(" ", args) + "'");
        }
        int seconds;
        try {
            seconds = Integer.parseInt(args[1]);
        } catch (NumberFormatException e) {
            seconds = 0;
        }
        if (seconds <= 0 || seconds > 3_600) {
            throw new IllegalArgumentException("--seconds must be a whole number of seconds from 1 to 3600, got '"
                    + args[1] + "'");
        }
        return Duration.ofSeconds(seconds);
    }

    public static void main(String[] args) throws Exception {
        LogSetup.install();
        Duration load;
        try {
            load = seconds(args);
        } catch (IllegalArgumentException e) {
            System.err.println("meshgate aot-train: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        Path dataDir = Files.createTempDirectory("meshgate-aot-train");
        AotTraining.Result result;
        try {
            result = new AotTraining(load, System.getenv()).run(dataDir);
        } finally {
            AotTraining.deleteTree(dataDir);
        }
        System.out.println("meshgate aot-train: " + result.requests() + " requests (" + result.failures()
                + " failed) and " + result.configChanges() + " config changes through the stack in "
                + load.toSeconds() + " s");
        System.exit(worked(result) ? 0 : 1);
    }

    /** Traffic went through: requests completed and at most one failure in a hundred. */
    static boolean worked(AotTraining.Result result) {
        return result.requests() > 0 && result.failures() * 100 <= result.requests();
    }
}
