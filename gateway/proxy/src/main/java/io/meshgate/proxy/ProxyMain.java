package io.meshgate.proxy;

import io.meshgate.kernel.KernelOptions;
import io.meshgate.kernel.KernelWarmUp;
import io.meshgate.proxy.logging.LogSetup;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code meshgate proxy --server URL --name N --token T [--data-dir D] [--admin-port P] [--ca-file F]
 * [--kernel-warm-up DURATION]}: a kernel that starts from its last good config (if any) and follows its
 * published config. The token may also come from {@code MESHGATE_PROXY_TOKEN}, which keeps it out of
 * process listings; {@code --ca-file} (or {@code MESHGATE_CA_FILE}) is the mesh CA to trust for an
 * {@code https} server. {@code --kernel-warm-up DURATION} (or {@code MESHGATE_KERNEL_WARM_UP}) first warms its JIT
 * up with synthetic loopback traffic ({@link KernelWarmUp}) before it binds its listeners and admin port, so that
 * an autoscaled gateway's first seconds run compiled code. Off by default here, unlike {@code meshgate up} and the
 * ingress controller: with 20 s it costs this small process 46 MiB of idle RSS (79 against 125-126 MiB, 20 s after
 * a start on an empty config: heap 24, compiled code 10, class metadata 6 MiB, after the heap the warm-up grew has
 * been given back), above the proxy's memory goal of 96 MiB.
 */
public final class ProxyMain {
    static final String USAGE = "usage: meshgate proxy --server URL --name NAME [--token TOKEN | env MESHGATE_PROXY_TOKEN]"
            + " [--data-dir DIR (./proxy-data)] [--admin-port PORT (15000, -1 = none)]"
            + " [--ca-file FILE | env MESHGATE_CA_FILE (the mesh CA's ca.crt, for an https server)]"
            + " [--kernel-warm-up DURATION | env MESHGATE_KERNEL_WARM_UP (0 = none, the default; e.g. 10s of synthetic"
            + " loopback traffic before the listeners open, for a faster first few seconds at ~46 MiB more RSS)]";
    static final String DEFAULT_WARM_UP = "0";

    private ProxyMain() {}

    public static void main(String[] args) throws InterruptedException {
        LogSetup.install();
        Map<String, String> flags;
        try {
            flags = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("meshgate proxy: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        String token = flags.getOrDefault("token", System.getenv("MESHGATE_PROXY_TOKEN"));
        if (!flags.containsKey("server") || !flags.containsKey("name") || token == null) {
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        Path dataDir = Path.of(flags.getOrDefault("data-dir", "proxy-data"));
        int adminPort = Integer.parseInt(flags.getOrDefault("admin-port", "15000"));
        String caFile = flags.getOrDefault("ca-file", System.getenv("MESHGATE_CA_FILE"));
        Duration warmUp;
        try {
            warmUp = warmUp(flags);
        } catch (IllegalArgumentException e) {
            System.err.println("meshgate proxy: " + e.getMessage());
            System.exit(2);
            return;
        }
        // before the listeners and the admin port (its /ready) open, as the ingress controller does
        KernelWarmUp.run(KernelOptions.defaults().effectiveIoThreads(), warmUp);
        // POST /quitquitquit on the (loopback) admin listener exits as SIGTERM does: the hook drains
        ProxyProcess proxy = ProxyProcess.start(KernelOptions.defaults().withAdmin("127.0.0.1", adminPort)
                        .withAdminQuit(() -> Thread.ofPlatform().name("meshgate-proxy-quit").start(() -> System.exit(0))),
                        dataDir)
                .follow(AgentOptions.of(URI.create(flags.get("server")), flags.get("name"), token, dataDir)
                        .withCaFile(caFile == null || caFile.isBlank() ? null : Path.of(caFile)));
        System.out.println("meshgate proxy: " + flags.get("name") + " serving " + proxy.initial().version()
                + ", following " + flags.get("server"));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            proxy.close();
            stopped.countDown();
        }, "meshgate-proxy-shutdown"));
        stopped.await();
    }

    /** {@code --kernel-warm-up}, else {@code MESHGATE_KERNEL_WARM_UP}, else none. */
    static Duration warmUp(Map<String, String> flags) {
        String env = System.getenv("MESHGATE_KERNEL_WARM_UP");
        String value = flags.getOrDefault("kernel-warm-up", env == null || env.isBlank() ? DEFAULT_WARM_UP : env);
        return DurationFlag.notNegative("--kernel-warm-up", value);
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> flags = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --flag value, got '" + a + "'");
            }
            String name = a.substring(2);
            if (!Set.of("server", "name", "token", "data-dir", "admin-port", "ca-file", "kernel-warm-up").contains(name)) {
                throw new IllegalArgumentException("unknown flag " + a);
            }
            flags.put(name, args[++i]);
        }
        return flags;
    }
}
