package io.meshgate.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * Entry point of the {@code meshgate} CLI ({@code bin/meshgate apply|get|delete|patch|create|audit|revert}).
 * Exit status: 0 on success, 1 on any failure (including every API error), 2 on usage errors.
 */
public final class Main {
    /** Exit status of a failed command. */
    public static final int FAILURE = 1;
    /** Exit status of a command line that does not parse. */
    public static final int USAGE = 2;

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(CliContext.system(), args));
    }

    /** Runs one command line against {@code ctx}; returns the exit status instead of exiting. */
    public static int run(CliContext ctx, String... args) {
        CommandLine cl = new CommandLine(new MeshgateCommand(ctx));
        cl.setOut(new PrintWriter(new java.io.OutputStreamWriter(ctx.out(), StandardCharsets.UTF_8), true));
        cl.setErr(new PrintWriter(new java.io.OutputStreamWriter(ctx.err(), StandardCharsets.UTF_8), true));
        cl.getCommandSpec().exitCodeOnInvalidInput(USAGE);
        cl.getCommandSpec().exitCodeOnExecutionException(FAILURE);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof CliException failure) {
                failure.lines().forEach(ctx.err()::println);
            } else {
                // a bug in the CLI, not the user's doing: say what broke without a wall of frames
                ctx.err().println("error: internal: " + e);
            }
            ctx.err().flush();
            return FAILURE;
        });
        int status = cl.execute(args);
        ctx.out().flush();
        return status;
    }
}
