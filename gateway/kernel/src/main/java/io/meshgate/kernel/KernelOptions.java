package io.meshgate.kernel;

import io.meshgate.kernel.observe.AdminAccess;
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
 * @param adminAccess  who may use the admin listener beyond loopback (null: read-only endpoints
 *                     without a credential, {@link AdminAccess#REMOTE_READS_OPEN})
 * @param adminQuit    what {@code POST /quitquitquit} from loopback does (must not block); null: not offered
 */
public record KernelOptions(int ioThreads, String adminAddress, int adminPort, Consumer<String> accessLog,
                            Duration drainTimeout, Path hostsFile, AdminAccess adminAccess, Runnable adminQuit) {

    /** Options with the admin listener's default access and no quit endpoint. */
    public KernelOptions(int ioThreads, String adminAddress, int adminPort, Consumer<String> accessLog,
                         Duration drainTimeout, Path hostsFile) {
        this(ioThreads, adminAddress, adminPort, accessLog, drainTimeout, hostsFile, null, null);
    }

    /** Options without a hosts file. */
    public KernelOptions(int ioThreads, String adminAddress, int adminPort, Consumer<String> accessLog,
                         Duration drainTimeout) {
        this(ioThreads, adminAddress, adminPort, accessLog, drainTimeout, null);
    }

    public static KernelOptions defaults() {
        return new KernelOptions(0, "127.0.0.1", -1, null, Duration.ofSeconds(10), null);
    }

    public KernelOptions withAdmin(String address, int port) {
        return new KernelOptions(ioThreads, address, port, accessLog, drainTimeout, hostsFile, adminAccess, adminQuit);
    }

    public KernelOptions withAccessLog(Consumer<String> sink) {
        return new KernelOptions(ioThreads, adminAddress, adminPort, sink, drainTimeout, hostsFile, adminAccess, adminQuit);
    }

    public KernelOptions withIoThreads(int threads) {
        return new KernelOptions(threads, adminAddress, adminPort, accessLog, drainTimeout, hostsFile, adminAccess, adminQuit);
    }

    /** A copy that resolves upstream names with {@code file} (hosts format) before DNS; null for none. */
    public KernelOptions withHostsFile(Path file) {
        return new KernelOptions(ioThreads, adminAddress, adminPort, accessLog, drainTimeout, file, adminAccess, adminQuit);
    }

    /** A copy whose admin listener admits remote peers as {@code access} says. */
    public KernelOptions withAdminAccess(AdminAccess access) {
        return new KernelOptions(ioThreads, adminAddress, adminPort, accessLog, drainTimeout, hostsFile, access, adminQuit);
    }

    /** A copy whose admin listener serves {@code POST /quitquitquit} to loopback peers by running {@code quit}. */
    public KernelOptions withAdminQuit(Runnable quit) {
        return new KernelOptions(ioThreads, adminAddress, adminPort, accessLog, drainTimeout, hostsFile, adminAccess, quit);
    }

    public int effectiveIoThreads() {
        return ioThreads > 0 ? ioThreads : Runtime.getRuntime().availableProcessors();
    }
}
