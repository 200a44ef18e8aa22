package io.meshgate.api;

import io.meshgate.ca.CertificateAuthority;
import io.meshgate.ca.IssueRequest;
import io.meshgate.ca.IssuedCertificate;
import io.meshgate.config.PrivateKeyPem;
import io.meshgate.reconcile.sidecar.WorkloadCertificates;
import io.meshgate.sidecar.translator.MeshIdentities;
import io.meshgate.sidecar.translator.WorkloadCertificate;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The mesh workloads' certificates, issued by the mesh CA and kept in memory per identity (namespace
 * and ServiceAccount): DNS SAN {@code <sa>.<ns>.cluster.local}, URI SAN
 * {@code spiffe://cluster.local/ns/<ns>/sa/<sa>}, valid {@value #VALIDITY_HOURS} h, for both client
 * and server use. An identity keeps its certificate until a third of its lifetime is left (FSM's
 * rotation point), so every translation until then carries the same one.
 *
 * <p>When the earliest certificate reaches that point, a timer forgets the due certificates, raises
 * {@link #revision()} and calls the listener given to {@link #start} (the reconciler's
 * {@code markDirty}): the next pass translates again and issues fresh ones. A translation that asks
 * for a due certificate before the timer fires gets a fresh one and does the same, so no sidecar of
 * that identity keeps the old one. Certificates are never written anywhere: a restarted control
 * plane issues new ones on its first pass. Thread-safe.
 */
final class WorkloadCertificateCache implements WorkloadCertificates, AutoCloseable {
    static final long VALIDITY_HOURS = 24;
    static final Duration VALIDITY = Duration.ofHours(VALIDITY_HOURS);
    /** The longest the timer sleeps before it looks at the clock again. */
    static final Duration MAX_TIMER_DELAY = Duration.ofHours(1);

    private static final System.Logger LOG = System.getLogger(WorkloadCertificateCache.class.getName());

    private final CertificateAuthority ca;
    private final Clock clock;
    private final Map<Identity, Entry> byIdentity = new HashMap<>();
    private final AtomicLong revision = new AtomicLong();
    private final ScheduledThreadPoolExecutor timer;
    private Runnable onRotationDue = () -> { };
    private ScheduledFuture<?> scheduled;
    private Instant scheduledFor;

    private record Identity(String namespace, String serviceAccount) {}

    /** One identity's certificate, when it expires and when it is due for rotation. */
    private record Entry(WorkloadCertificate certificate, Instant notAfter, Instant renewAt) {}

    /** @param clock the time rotations follow (the CA's clock) */
    WorkloadCertificateCache(CertificateAuthority ca, Clock clock) {
        this.ca = Objects.requireNonNull(ca, "ca");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "meshgate-workload-certificates");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
    }

    /** Calls {@code onRotationDue} whenever a certificate falls due (once per due time). */
    synchronized WorkloadCertificateCache start(Runnable onRotationDue) {
        this.onRotationDue = Objects.requireNonNull(onRotationDue, "onRotationDue");
        schedule();
        return this;
    }

    @Override
    public WorkloadCertificate issue(String namespace, String serviceAccount) {
        Identity identity = new Identity(namespace, serviceAccount);
        Entry entry;
        boolean replacedDue;
        synchronized (this) {
            Entry known = byIdentity.get(identity);
            if (known != null && clock.instant().isBefore(known.renewAt())) {
                return known.certificate();
            }
            entry = issueNew(namespace, serviceAccount);
            byIdentity.put(identity, entry);
            schedule();
            // due, and asked before the timer said so: translations that still hold the old one
            // (other sidecars of this identity) must be made again, as after the timer
            replacedDue = known != null;
            if (replacedDue) {
                revision.incrementAndGet();
            }
        }
        if (replacedDue) {
            onRotationDue().run();
        }
        return entry.certificate();
    }

    private Entry issueNew(String namespace, String serviceAccount) {
        String principal = MeshIdentities.principal(namespace, serviceAccount);
        IssuedCertificate issued = ca.issue(IssueRequest.clientAndServer(List.of(principal,
                MeshIdentities.spiffeId(namespace, serviceAccount)), VALIDITY));
        Duration lifetime = Duration.between(issued.notBefore(), issued.notAfter());
        Entry entry = new Entry(new WorkloadCertificate(issued.certPem(), PrivateKeyPem.of(issued.keyPem()),
                issued.caPem()), issued.notAfter(), issued.notAfter().minus(lifetime.dividedBy(3)));
        LOG.log(Level.DEBUG, () -> "issued the workload certificate of " + principal + ", valid until "
                + issued.notAfter() + ", due for rotation at " + entry.renewAt());
        return entry;
    }

    private synchronized Runnable onRotationDue() {
        return onRotationDue;
    }

    @Override
    public long revision() {
        return revision.get();
    }

    /** When the earliest certificate falls due; empty when none is held. */
    synchronized Optional<Instant> nextRotation() {
        return byIdentity.values().stream().map(Entry::renewAt).min(Instant::compareTo);
    }

    /**
     * When the certificate of the identity (namespace and ServiceAccount) that translations hand out
     * now expires; empty when none is held (not translated yet, or forgotten at its rotation point
     * until the next pass issues a new one). A sidecar runs this one once it has applied its config.
     */
    synchronized Optional<Instant> notAfter(String namespace, String serviceAccount) {
        return Optional.ofNullable(byIdentity.get(new Identity(namespace, serviceAccount))).map(Entry::notAfter);
    }

    /** How many identities hold a certificate. */
    synchronized int size() {
        return byIdentity.size();
    }

    /**
     * The timer's task: forgets the certificates that are due (so the next {@link #issue} replaces
     * them, and identities nobody asks for any more are not kept), raises the revision, tells the
     * listener, and waits for the next one.
     */
    void rotationDue() {
        Runnable listener;
        synchronized (this) {
            scheduled = null;
            scheduledFor = null;
            Instant now = clock.instant();
            boolean removed = byIdentity.values().removeIf(entry -> !now.isBefore(entry.renewAt()));
            schedule();
            if (!removed) {
                return;
            }
            revision.incrementAndGet();
            listener = onRotationDue;
        }
        listener.run();
    }

    /**
     * Arms the timer for the earliest due time, at most {@link #MAX_TIMER_DELAY} ahead (so a clock
     * that jumped, or a host that slept, is caught up with within that), unless it is armed for that
     * time or earlier already and the time is still ahead.
     */
    private void schedule() {
        if (timer.isShutdown()) {
            return;
        }
        Optional<Instant> next = nextRotation();
        if (next.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        Instant fireAt = next.get().isBefore(now.plus(MAX_TIMER_DELAY)) ? next.get() : now.plus(MAX_TIMER_DELAY);
        if (scheduledFor != null && !fireAt.isBefore(scheduledFor) && fireAt.isAfter(now)) {
            return;
        }
        if (scheduled != null) {
            scheduled.cancel(false);
        }
        scheduledFor = fireAt;
        scheduled = timer.schedule(this::rotationDue, Math.max(0, Duration.between(now, fireAt).toMillis()),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() {
        timer.shutdownNow();
    }
}
