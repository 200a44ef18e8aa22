package io.meshgate.standalone;

import io.meshgate.api.ObservedChangeAudit;
import io.meshgate.kube.ObservedChange;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * The audit history of observed changes with several replicas: every replica's informers see every
 * change, so only the leader records them (else each would). A follower holds the changes it observes
 * (the newest {@code capacity}); when it becomes leader it replays them first, and the audit skips
 * what the previous leader recorded already (a change not newer than the object's last recorded
 * resourceVersion, {@link ObservedChangeAudit}). So a change made while the leadership passes from one
 * replica to another is recorded once: by the old leader if it saw it while leading, else by the new.
 *
 * <p>Two replicas may both believe they lead for up to the Lease's renew deadline; a change observed
 * by both in that window can then be recorded twice (the check and the write are not one transaction
 * across replicas).
 */
final class LeaderOnlyAudit implements ObservedChange.Listener {
    private static final System.Logger LOG = System.getLogger(LeaderOnlyAudit.class.getName());
    /** Changes a follower holds: a hand-over takes seconds (the Lease's duration), far fewer changes than this. */
    static final int DEFAULT_CAPACITY = 10_000;

    private final ObservedChangeAudit audit;
    private final int capacity;
    private final ArrayDeque<ObservedChange> held = new ArrayDeque<>();
    /** Set by the leader election's thread without waiting for a replay that holds the lock. */
    private volatile boolean leading;
    private long dropped;
    private volatile Thread replay;

    LeaderOnlyAudit(ObservedChangeAudit audit, int capacity) {
        this.audit = Objects.requireNonNull(audit, "audit");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
    }

    /** Called on the informers' threads. */
    @Override
    public synchronized void observed(ObservedChange change) {
        // while held changes wait for their replay, a newer one waits behind them (order decides what is skipped)
        if (leading && held.isEmpty()) {
            record(change);
            return;
        }
        held.addLast(change);
        if (held.size() > capacity) {
            held.removeFirst();
            dropped++;
        }
    }

    /**
     * Called by the leader election: {@code true} when this replica starts leading, {@code false} when
     * it stops. The replay runs on a thread of its own: thousands of audit rows must not hold up the
     * election's thread (and with it the Lease's renewal).
     */
    void leading(boolean now) {
        boolean was = leading;
        leading = now;
        if (now && !was) {
            replay = Thread.ofVirtual().name("observed-change-replay").start(this::replayHeld);
        }
    }

    /** Waits for the replay started by the last {@code leading(true)} (tests). */
    void awaitReplayed(java.time.Duration timeout) throws InterruptedException {
        Thread running = replay;
        if (running != null && !running.join(timeout)) {
            throw new IllegalStateException("the replay of held changes did not end within " + timeout);
        }
    }

    private synchronized void replayHeld() {
        if (dropped > 0) {
            LOG.log(Level.INFO, "leading: " + dropped + " changes observed as a follower were too old to hold;"
                    + " the previous leader recorded them if it saw them");
            dropped = 0;
        }
        // stops when the leadership is lost meanwhile: the rest stays held for the next time
        while (leading && !held.isEmpty()) {
            record(held.removeFirst());
        }
    }

    private void record(ObservedChange change) {
        try {
            audit.record(change.kind(), change.namespace(), change.name(), change.beforeJson(), change.afterJson(),
                    change.actor(), change.resourceVersion(), change.statusOnly());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cannot record the observed change of " + change.kind() + " "
                    + change.namespace() + "/" + change.name() + " in the audit history", e);
        }
    }
}
