package io.meshgate.standalone;

import io.meshgate.console.ConsoleOptions;
import io.meshgate.console.ConsoleServer;
import io.meshgate.proxy.AotCacheCheck;
import io.meshgate.proxy.logging.LogSetup;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code bin/meshgate up}: the {@link Standalone} stack (database, admin API, embedded kernel) plus
 * the admin console in one JVM. The console reaches the API over HTTP on loopback like any client.
 * {@code --console-port} / {@code MESHGATE_CONSOLE_PORT} (9090; 0 = no console), {@code --log-level} /
 * {@code MESHGATE_LOG_LEVEL} ({@link LogLevelOption}); every other flag is the Standalone's or the
 * mode's.
 */
public final class MeshgateMain {
    static final int DEFAULT_CONSOLE_PORT = 9090;
    static final String USAGE = StandaloneOptions.USAGE + """

              --console-port N / MESHGATE_CONSOLE_PORT: the admin console (default 9090; 0 = no console)"""
            + ModeOptions.USAGE + LogLevelOption.USAGE;

    private MeshgateMain() {}

    /**
     * The console port and the remaining (Standalone) arguments.
     *
     * @param consolePort 0 when the console is off
     * @param rest        the arguments for {@link StandaloneOptions#parse}
     */
    record Split(int consolePort, String[] rest) { }

    /** Takes {@code --console-port N} or {@code --console-port=N} out of the arguments. */
    static Split split(String[] args, Map<String, String> env) {
        String port = env.getOrDefault("MESHGATE_CONSOLE_PORT", String.valueOf(DEFAULT_CONSOLE_PORT));
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--console-port")) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("--console-port needs a value");
                }
                port = args[++i];
            } else if (args[i].startsWith("--console-port=")) {
                port = args[i].substring("--console-port=".length());
            } else {
                rest.add(args[i]);
            }
        }
        int parsed;
        try {
            parsed = Integer.parseInt(port.trim());
        } catch (NumberFormatException e) {
            parsed = -1;
        }
        if (parsed < 0 || parsed > 65535) {
            throw new IllegalArgumentException("--console-port must be a port number 0-65535, got '" + port + "'");
        }
        return new Split(parsed, rest.toArray(String[]::new));
    }

    public static void main(String[] args) throws InterruptedException {
        LogSetup.install();
        AotCacheCheck.log("meshgate up", "bin/meshgate aot-train up");
        // first, so that everything after start-up logs at the level asked for
        try {
            LogLevelOption logLevel = LogLevelOption.split(args, System.getenv());
            logLevel.apply();
            args = logLevel.rest();
        } catch (IllegalArgumentException e) {
            System.err.println("meshgate: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println(USAGE);
            return;
        }
        ModeOptions.Split mode;
        Split split;
        StandaloneOptions options;
        try {
            mode = ModeOptions.split(args, System.getenv());
            split = split(mode.rest(), System.getenv());
            options = StandaloneOptions.parse(split.rest(), System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("meshgate: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        RunningStack stack = mode.options().kubernetes() ? KubernetesStack.start(options, mode.options())
                : Standalone.start(options);
        ConsoleServer console = null;
        if (split.consolePort() > 0) {
            try {
                console = ConsoleServer.start(new ConsoleOptions(options.bind(), split.consolePort(),
                        URI.create(stack.api().scheme() + "://" + apiHost(options.bind()) + ":" + stack.apiPort()),
                        stack.apiTrustFile()));
            } catch (RuntimeException e) {
                stack.close();
                throw e;
            }
        }
        ConsoleServer startedConsole = console;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                if (startedConsole != null) {
                    startedConsole.close();
                }
            } finally {
                stack.close();
                stopped.countDown();
            }
        }, "meshgate-shutdown"));
        if (startedConsole != null) {
            System.out.println("meshgate: admin console  " + startedConsole.url() + " (sign in with an API token)");
        } else {
            System.out.println("meshgate: admin console  off (--console-port 0)");
        }
        stack.printBanner(System.out);
        stopped.await();
    }

    /** The console calls the API on loopback when the stack listens on every address. */
    static String apiHost(String bind) {
        if (bind.equals("0.0.0.0")) {
            return "127.0.0.1";
        }
        if (bind.equals("::") || bind.equals("[::]")) {
            return "[::1]";
        }
        return bind.contains(":") && !bind.startsWith("[") ? "[" + bind + "]" : bind;
    }
}
