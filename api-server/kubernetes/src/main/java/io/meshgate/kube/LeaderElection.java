package io.meshgate.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.meshgate.kube.ControllerOptions.LeaderTiming;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Stands for leader with a {@code coordination.k8s.io/v1} Lease, for as long as the controller runs.
 * A fabric8 {@code LeaderElector} is single use (its future completes when leadership is lost), so
 * after each loss, or a failure to even try, a new elector is built and stands again after one
 * retry period. Leadership only decides who writes status (Ingress status for the ingress controller, every
 * kind's for the control plane) and, in the control plane, who issues certificate Secrets: every pod
 * serves traffic and translates.
 */
public final class LeaderElection implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LeaderElection.class.getName());

    private final KubernetesClient client;
    private final String namespace;
    private final String leaseName;
    private final String identity;
    private final LeaderTiming timing;
    private final Consumer<Boolean> onLeadership;
    private final ScheduledExecutorService restarts;
    private volatile LeaderElector elector;
    private volatile StandDownLeaseLock lock;
    private volatile CompletableFuture<?> running;
    private volatile boolean leader;
    private volatile boolean closed;

    /**
     * @param onLeadership told {@code true} when this candidate becomes leader and {@code false} when it stops
     */
    public LeaderElection(KubernetesClient client, String namespace, String leaseName, String identity,
                          LeaderTiming timing, Consumer<Boolean> onLeadership) {
        this.client = Objects.requireNonNull(client, "client");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.leaseName = Objects.requireNonNull(leaseName, "leaseName");
        this.identity = Objects.requireNonNull(identity, "identity");
        this.timing = Objects.requireNonNull(timing, "timing");
        this.onLeadership = Objects.requireNonNull(onLeadership, "onLeadership");
        this.restarts = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "meshgate-leader-election");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * This pod's candidate name: the pod name ({@code POD_NAME}, else {@code HOSTNAME}, else the host
     * name) plus a random suffix, so a restarted container never inherits its predecessor's lease
     * before it expires by mistake, and two processes on one host never share an identity.
     */
    public static String defaultIdentity() {
        String base = System.getenv("POD_NAME");
        if (base == null || base.isBlank()) {
            base = System.getenv("HOSTNAME");
        }
        if (base == null || base.isBlank()) {
            try {
                base = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                base = "meshgate-ingress";
            }
        }
        byte[] suffix = new byte[4];
        new SecureRandom().nextBytes(suffix);
        return base + "_" + HexFormat.of().formatHex(suffix);
    }

    public String identity() {
        return identity;
    }

    public boolean isLeader() {
        return leader;
    }

    /** Starts standing for leader (returns at once). */
    public LeaderElection start() {
        stand();
        return this;
    }

    private void stand() {
        if (closed) {
            return;
        }
        CompletableFuture<?> future;
        try {
            StandDownLeaseLock nextLock = new StandDownLeaseLock(namespace, leaseName, identity);
            LeaderElector next = client.leaderElector().withConfig(new LeaderElectionConfigBuilder()
                    .withName(leaseName)
                    .withLock(nextLock)
                    .withLeaseDuration(timing.leaseDuration())
                    .withRenewDeadline(timing.renewDeadline())
                    .withRetryPeriod(timing.retryPeriod())
                    .withReleaseOnCancel(true)
                    .withLeaderCallbacks(new LeaderCallbacks(() -> leadership(true), () -> leadership(false),
                            newLeader -> LOG.log(Level.INFO, newLeader == null || newLeader.isEmpty()
                            ? "the Lease " + leaseName + " is free" : "leader of the Lease " + leaseName + " is now " + newLeader)))
                    .build()).build();
            lock = nextLock;
            elector = next;
            future = next.start();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cannot stand for leader, retrying", e);
            standAgainLater();
            return;
        }
        running = future;
        future.whenComplete((ignored, error) -> {
            if (error != null && !closed) {
                LOG.log(Level.WARNING, "leader election ended with an error: " + error.getMessage());
            }
            standAgainLater();
        });
    }

    private void leadership(boolean value) {
        leader = value;
        LOG.log(Level.INFO, identity + (value ? " leads (Lease " + leaseName + "): it writes statuses now" : " stopped leading"));
        try {
            onLeadership.accept(value);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "leadership callback failed", e);
        }
    }

    private void standAgainLater() {
        if (leader) {
            leadership(false);
        }
        if (closed) {
            return;
        }
        try {
            restarts.schedule(this::stand, timing.retryPeriod().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shutDown) {
            // closed meanwhile
        }
    }

    /** Stops standing and, if leading, releases the Lease so another pod takes over at once. */
    @Override
    public void close() {
        closed = true;
        restarts.shutdownNow();
        StandDownLeaseLock currentLock = lock;
        if (currentLock != null) {
            currentLock.standDown();
        }
        CompletableFuture<?> future = running;
        if (future != null) {
            future.cancel(true);
        }
        // fabric8 releases on cancel in the background; a process about to exit (and close its
        // client) would lose that, so release here as well, synchronously (a no-op if not holding)
        LeaderElector current = elector;
        if (current != null) {
            try {
                current.release();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "could not release the Lease; it expires on its own: " + e.getMessage());
            }
        }
        if (leader) {
            leadership(false);
        }
    }
}
