package io.meshgate.proxy;

import io.meshgate.config.ProxyConfig;
import io.meshgate.config.json.ProxyConfigJson;
import io.meshgate.kernel.Kernel;
import io.meshgate.kernel.KernelOptions;
import io.meshgate.kernel.transport.Transports;
import io.meshgate.proxy.logging.LogSetup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the kernel alone from a JSON {@link ProxyConfig} file (the format {@code /config_dump} prints,
 * with keys inline). Used by {@code bin/meshgate kernel} and the benchmarks; the standalone stack
 * drives the same kernel from the admin API instead. The file is re-read on SIGHUP-free polling:
 * when its modification time changes the new config is applied atomically, or refused with a message.
 */
public final class FileConfigMain {
    private FileConfigMain() {}

    public static void main(String[] args) throws Exception {
        LogSetup.install();
        AotCacheCheck.log("meshgate kernel");
        Path configFile = null;
        int adminPort = 15000;
        String adminAddress = "127.0.0.1";
        boolean accessLog = false;
        int threads = 0;
        Path hostsFile = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config" -> configFile = Path.of(args[++i]);
                case "--admin-port" -> adminPort = Integer.parseInt(args[++i]);
                case "--admin-address" -> adminAddress = args[++i];
                case "--access-log" -> accessLog = true;
                case "--io-threads" -> threads = Integer.parseInt(args[++i]);
                case "--hosts-file" -> hostsFile = Path.of(args[++i]);
                case "-h", "--help" -> {
                    System.out.println("usage: meshgate kernel --config FILE.json [--admin-port 15000] "
                            + "[--admin-address 127.0.0.1] [--io-threads N] [--access-log] [--hosts-file FILE]");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
            }
        }
        if (configFile == null) {
            throw new IllegalArgumentException("--config FILE.json is required");
        }
        ProxyConfig config = ProxyConfigJson.read(configFile);
        KernelOptions options = KernelOptions.defaults().withAdmin(adminAddress, adminPort).withIoThreads(threads)
                .withAccessLog(accessLog ? System.out::println : null).withHostsFile(hostsFile);
        Kernel kernel = Kernel.start(options, config);
        System.out.printf("meshgate kernel: config %s, transport %s, admin http://%s:%d/stats%n",
                config.version(), Transports.name(), adminAddress, kernel.adminPort());
        for (var listener : config.listeners()) {
            System.out.printf("  listener %s on %s:%d%n", listener.name(), listener.address(), kernel.port(listener.name()));
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kernel.shutdown(Duration.ofSeconds(10));
            stopped.countDown();
        }, "meshgate-shutdown"));
        watch(configFile, kernel, stopped);
    }

    private static void watch(Path file, Kernel kernel, CountDownLatch stopped) throws Exception {
        long seen = Files.getLastModifiedTime(file).toMillis();
        while (!stopped.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
            long modified = Files.getLastModifiedTime(file).toMillis();
            if (modified != seen) {
                seen = modified;
                try {
                    kernel.apply(ProxyConfigJson.read(file));
                    System.out.println("meshgate kernel: applied " + kernel.config().version());
                } catch (RuntimeException e) {
                    System.err.println("meshgate kernel: config refused, keeping the running one: " + e.getMessage());
                }
            }
        }
    }
}
