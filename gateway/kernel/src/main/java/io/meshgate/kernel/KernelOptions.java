package io.meshgate.kernel;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Process-level settings of a kernel that do not change with config swaps.
 *
 * @param ioThreads    event-loop threads (0: one per available processor)
 * @param adminAddress bind address of the admin listener
 * @param adminPort    admin port (0: any free port, -1: no admin listener)
 * @param accessLog    where JSON access-log lines go (null: access log off)
 * @param drainTimeout how long a shutdown waits for requests in flight
 * @param hostsFile    a file in /etc/hosts format consulted before DNS for upstream host names
 *                     (global-passthrough targets, host-name endpoints); read once at start; null for none
 */
public record KernelOptions(int ioThreads, String adminAddress, int adminPort, Consumer<String> accessLog,
                            Duration drainTimeout, Path hostsFile) {

    /** Options without a hosts file. */
    public KernelOptions(int ioThreads, String adminAddress, int adminPort, Consumer<String> accessLog,
                         Duration drainTimeout) {
        this(ioThreads, adminAddress, adminPort, accessLog, drainTimeout, null);
    }

    public static KernelOptions defaults() {
        return new KernelOptions(0, "127.0.0.1", -1, null, Duration.ofSeconds(10), null);
    }

    public KernelOptions withAdmin(String address, int port) {
        return new KernelOptions(ioThreads, address, port, accessLog, drainTimeout, hostsFile);
    }

    public KernelOptions withAccessLog(Consumer<String> sink) {
        return new KernelOptions(ioThreads, adminAddress, adminPort, sink, drainTimeout, hostsFile);
    }

    public KernelOptions withIoThreads(int threads) {
        return new KernelOptions(threads, adminAddress, adminPort, accessLog, drainTimeout, hostsFile);
    }

    /** A copy that resolves upstream names with {@code file} (hosts format) before DNS; null for none. */
    public KernelOptions withHostsFile(Path file) {
        return new KernelOptions(ioThreads, adminAddress, adminPort, accessLog, drainTimeout, file);
    }

    public int effectiveIoThreads() {
        return ioThreads > 0 ? ioThreads : Runtime.getRuntime().availableProcessors();
    }
}
