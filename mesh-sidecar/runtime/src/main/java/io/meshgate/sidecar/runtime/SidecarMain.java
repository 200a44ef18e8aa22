package io.meshgate.sidecar.runtime;

import io.meshgate.kernel.observe.MetricsListener;
import io.meshgate.proxy.AotCacheCheck;
import io.meshgate.proxy.logging.LogSetup;
import java.lang.System.Logger.Level;

/**
 * {@code meshgate sidecar}: parses the command line, starts a {@link Sidecar}, registers it and runs
 * until SIGTERM, whose shutdown hook deregisters the workload and drains the proxy. Exit status: 0
 * stopped by a signal (the JVM's own status for it), 1 refused or could not start, 2 bad arguments.
 */
public final class SidecarMain {
    private static final System.Logger LOG = System.getLogger(SidecarMain.class.getName());

    private SidecarMain() {}

    public static void main(String[] args) {
        LogSetup.install();
        AotCacheCheck.log("meshgate sidecar");
        if (SidecarOptions.wantsHelp(args)) {
            System.out.println(SidecarOptions.USAGE);
            return;
        }
        SidecarOptions options;
        try {
            options = SidecarOptions.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("meshgate sidecar: " + e.getMessage());
            System.err.println(SidecarOptions.USAGE);
            System.exit(2);
            return;
        }
        Sidecar sidecar;
        try {
            // POST /quitquitquit from loopback: exit as on SIGTERM (the hook deregisters and drains);
            // from its own thread, since the admin event loop must not block and the hook closes it
            sidecar = Sidecar.start(options, RetryPolicy.defaults(),
                    () -> Thread.ofPlatform().name("meshgate-sidecar-quit").start(() -> System.exit(0)));
        } catch (RuntimeException e) {
            System.err.println("meshgate sidecar: cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(
                () -> System.err.println("meshgate sidecar: stopped; " + sidecar.stop()), "meshgate-sidecar-shutdown"));
        try {
            Registration registered = sidecar.registerAndFollow();
            System.out.println("meshgate sidecar: " + registered.proxy() + " serving " + sidecar.proxy().initial().version()
                    + ", following " + options.server() + "; admin " + options.adminAddress() + ":"
                    + sidecar.proxy().kernel().adminPort()
                    + (sidecar.prometheusPort() < 0 ? "" : ", prometheus " + options.prometheusAddress() + ":"
                    + sidecar.prometheusPort() + MetricsListener.PATH));
        } catch (RegistrationRefusedException e) {
            LOG.log(Level.ERROR, e.getMessage());
            System.exit(1); // the hook stops the kernel
            return;
        } catch (InterruptedException e) {
            // SIGTERM before the control plane answered: the hook is stopping everything
        }
        sidecar.awaitStopped();
    }
}
