package io.meshgate.kube;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes the status the controller owns (Ingress addresses, IngressBackend status: one
 * {@link Source} each) only while this pod is the leader, so N replicas do not fight over it. Each
 * source says which objects' status differs from what it should be; only those are written, so an
 * unchanged cluster sees no writes. Runs on its own thread: a slow API server never delays serving
 * a new config.
 *
 * <p>Writes carry the cached resourceVersion; a conflict (someone changed the object meanwhile) is
 * retried once the informer has the newer object, whose event asks for another round; an object
 * deleted meanwhile is skipped. Other failures are retried after {@code retryDelay}.
 */
public final class StatusWriter implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(StatusWriter.class.getName());

    /** One kind of status the leader keeps up to date. */
    public interface Source {
        /** The writes needed now, read from the informer caches; empty when every status is as it should be. */
        List<Pending> pending();

        /** Leadership gained or lost (before any {@link #pending()} of the new term); nothing by default. */
        default void leaderChanged(boolean leader) {}
    }

    /**
     * One status write.
     *
     * @param object what is written, for logs ({@code Ingress ns/name})
     * @param change what changes, for logs
     * @param write  performs it; a {@link KubernetesClientException} says how it failed
     */
    public record Pending(String object, String change, Runnable write) {
        public Pending {
            Objects.requireNonNull(object, "object");
            Objects.requireNonNull(change, "change");
            Objects.requireNonNull(write, "write");
        }
    }

    private final List<Source> sources;
    private final Duration retryDelay;
    private final ScheduledExecutorService thread;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicLong writes = new AtomicLong();
    private volatile boolean leader;

    public StatusWriter(List<Source> sources, Duration retryDelay) {
        this.sources = List.copyOf(sources);
        this.retryDelay = Objects.requireNonNull(retryDelay, "retryDelay");
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "meshgate-status");
            t.setDaemon(true);
            return t;
        });
    }

    /** Leadership gained or lost; gaining it checks every object at once. */
    public void setLeader(boolean value) {
        if (value != leader) {
            sources.forEach(source -> source.leaderChanged(value));
        }
        leader = value;
        if (value) {
            request(0);
        }
    }

    public boolean isLeader() {
        return leader;
    }

    /** What a source should write may have changed (after a translation): checked if we lead. Never blocks. */
    public void changed() {
        request(0);
    }

    /** Status writes done by this writer (for tests and logs). */
    public long writes() {
        return writes.get();
    }

    private void request(long delayMillis) {
        if (leader && scheduled.compareAndSet(false, true)) {
            try {
                thread.schedule(this::sync, delayMillis, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closed) {
                scheduled.set(false);
            }
        }
    }

    private void sync() {
        scheduled.set(false);
        if (!leader) {
            return;
        }
        boolean retry = false;
        for (Source source : sources) {
            try {
                for (Pending pending : source.pending()) {
                    if (!leader) {
                        return;
                    }
                    retry |= !write(pending);
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "status update failed; retrying", e);
                retry = true;
            }
        }
        if (retry) {
            request(retryDelay.toMillis());
        }
    }

    /** Performs one write; false when it should be retried later. */
    private boolean write(Pending pending) {
        try {
            pending.write().run();
            writes.incrementAndGet();
            LOG.log(Level.INFO, pending.object() + ": " + pending.change());
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return true; // deleted meanwhile: nothing to do
            }
            if (e.getCode() == 409) {
                // the informer brings the newer object, and its event another round
                LOG.log(Level.DEBUG, pending.object() + " changed while writing its status; will retry");
            } else {
                LOG.log(Level.WARNING, "cannot write the status of " + pending.object() + ": " + e.getMessage());
            }
            return false;
        }
    }

    @Override
    public void close() {
        leader = false;
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
