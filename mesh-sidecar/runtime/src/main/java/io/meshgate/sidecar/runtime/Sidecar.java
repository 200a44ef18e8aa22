package io.meshgate.sidecar.runtime;

import io.meshgate.client.SidecarAdminSecret;
import io.meshgate.kernel.KernelOptions;
import io.meshgate.kernel.observe.AdminAccess;
import io.meshgate.kernel.observe.MetricsListener;
import io.meshgate.proxy.AgentOptions;
import io.meshgate.proxy.ProxyProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One running sidecar. {@link #start} brings up the kernel on the last good config of its data
 * directory (a restart while the control plane is away serves what it served) with the admin and
 * Prometheus listeners; {@link #registerAndFollow} registers the workload, asking again until the
 * control plane answers, and starts the config agent for the proxy and token the answer names;
 * {@link #stop} deregisters (bounded, best effort) before the agent stops and the kernel drains, so
 * the workload's endpoints leave the mesh before its listeners close.
 *
 * <p>{@link #stop} may come from another thread (the shutdown hook) at any time: a registration in
 * progress is interrupted, and one that completed just then is still deregistered.
 */
public final class Sidecar {
    static final Duration DEREGISTER_DEADLINE = Duration.ofSeconds(5);

    private final SidecarOptions options;
    private final WorkloadRegistration registration;
    private final ProxyProcess proxy;
    /** FSM's stats port (15010): the kernel's metrics-only listener, on its admin event loop; null when off. */
    private final MetricsListener prometheus;
    /** FSM's probe listeners; null unless {@code --health-probes true}. */
    private final HealthProbeListener probes;
    private final AtomicReference<String> adminSecret;
    private final CountDownLatch registrationSettled = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private Thread registering;
    private boolean stopping;
    private Registration registered;

    private Sidecar(SidecarOptions options, WorkloadRegistration registration, ProxyProcess proxy, MetricsListener prometheus,
                    HealthProbeListener probes,
                    AtomicReference<String> adminSecret) {
        this.options = options;
        this.registration = registration;
        this.proxy = proxy;
        this.prometheus = prometheus;
        this.probes = probes;
        this.adminSecret = adminSecret;
    }

    /**
     * Starts the kernel and the listeners.
     *
     * @throws IllegalArgumentException or {@link java.io.UncheckedIOException} saying what could not start
     *                                  (an unusable CA file, a port in use, a saved config that does not compile)
     */
    public static Sidecar start(SidecarOptions options, RetryPolicy retry) {
        return start(options, retry, null);
    }

    /**
     * Like {@link #start(SidecarOptions, RetryPolicy)}, with what {@code POST /quitquitquit} on the
     * admin listener does for a loopback peer (null: not offered). It must not block.
     */
    public static Sidecar start(SidecarOptions options, RetryPolicy retry, Runnable quit) {
        Path trust = options.trustFile();
        WorkloadRegistration registration = new WorkloadRegistration(options.server(), options.tokenSource(), trust, retry);
        AtomicReference<String> adminSecret = new AtomicReference<>();
        ProxyProcess proxy;
        try {
            // beyond loopback (the control plane on the pod IP) the admin serves reads, and only
            // with the secret derived from the proxy token: known once registered
            proxy = ProxyProcess.start(KernelOptions.defaults().withAdmin(options.adminAddress(), options.adminPort())
                    .withAdminAccess(AdminAccess.remoteReadsWithBearer(adminSecret::get)).withAdminQuit(quit)
                    .withIoThreads(options.ioThreads()), options.dataDir(), DnsHostsFile.of(options.hostsFile()));
        } catch (RuntimeException e) {
            registration.close();
            throw e;
        }
        MetricsListener prometheus = null;
        if (options.prometheusPort() >= 0) {
            try {
                prometheus = proxy.kernel().startMetricsListener(options.prometheusAddress(), options.prometheusPort());
            } catch (RuntimeException e) {
                proxy.close();
                registration.close();
                throw e;
            }
        }
        HealthProbeListener probes = null;
        if (options.healthProbes()) {
            try {
                probes = HealthProbeListener.start("0.0.0.0", HealthProbeListener.PORTS);
            } catch (RuntimeException e) {
                if (prometheus != null) {
                    prometheus.close();
                }
                proxy.close();
                registration.close();
                throw e;
            }
        }
        return new Sidecar(options, registration, proxy, prometheus, probes, adminSecret);
    }

    /**
     * Registers the workload and follows its proxy's config; returns once the agent runs.
     *
     * @throws RegistrationRefusedException when the control plane refuses the workload
     * @throws InterruptedException         when {@link #stop} came first
     */
    public Registration registerAndFollow() throws RegistrationRefusedException, InterruptedException {
        synchronized (this) {
            if (stopping) {
                throw new InterruptedException("the sidecar is stopping");
            }
            registering = Thread.currentThread();
        }
        Registration answer = null;
        try {
            answer = registration.register(options.identity(), proxy.kernel().adminPort());
        } finally {
            synchronized (this) {
                registered = answer;
                registering = null;
                registrationSettled.countDown();
                if (stopping) {
                    Thread.interrupted(); // an interrupt meant for the registration, which is over
                }
            }
        }
        synchronized (this) {
            if (stopping) {
                throw new InterruptedException("the sidecar is stopping");
            }
            adminSecret.set(SidecarAdminSecret.fromToken(answer.proxy(), answer.token()));
            proxy.follow(AgentOptions.of(options.server(), answer.proxy(), answer.token(), options.dataDir())
                    .withCaFile(options.trustFile()));
        }
        return answer;
    }

    /** The secret the admin listener asks of peers beyond loopback; null until registered. */
    String adminSecret() {
        return adminSecret.get();
    }

    public ProxyProcess proxy() {
        return proxy;
    }

    /** The Prometheus listener's port, -1 when there is none. */
    public int prometheusPort() {
        return prometheus == null ? -1 : prometheus.port();
    }

    /**
     * Deregisters (if registered), then closes the listeners, the agent and the kernel. Once; later
     * calls wait for the first.
     *
     * @return what became of the registration, one line for the operator (java.util.logging is reset
     *         by its own shutdown hook, so a hook's log records may be lost: the caller prints this)
     */
    public String stop() {
        Thread toInterrupt;
        synchronized (this) {
            if (stopping) {
                awaitStopped();
                return "already stopped";
            }
            stopping = true;
            toInterrupt = registering;
        }
        if (toInterrupt != null) {
            toInterrupt.interrupt();
            try {
                registrationSettled.await(DEREGISTER_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Registration toDeregister;
        synchronized (this) {
            toDeregister = registered;
        }
        WorkloadIdentity workload = options.identity();
        String outcome = workload.namespace() + "/" + workload.name() + " was not registered";
        try {
            if (toDeregister != null) {
                outcome = registration.deregister(workload, DEREGISTER_DEADLINE)
                        ? "deregistered " + workload.namespace() + "/" + workload.name()
                        : "could not deregister " + workload.namespace() + "/" + workload.name() + " within "
                                + DEREGISTER_DEADLINE.toSeconds() + " s; the control plane keeps its Pod until it is deleted";
            }
        } finally {
            if (prometheus != null) {
                prometheus.close();
            }
            if (probes != null) {
                probes.close();
            }
            proxy.close();
            registration.close();
            stopped.countDown();
        }
        return outcome;
    }

    /** Waits until {@link #stop} has finished; interrupts do not cut it short (they are kept). */
    public void awaitStopped() {
        boolean interrupted = false;
        while (true) {
            try {
                stopped.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
