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
    private boolean leading;
    private long dropped;

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
        if (leading) {
            record(change);
            return;
        }
        held.addLast(change);
        if (held.size() > capacity) {
            held.removeFirst();
            dropped++;
        }
    }

    /** Called by the leader election: {@code true} when this replica starts leading, {@code false} when it stops. */
    synchronized void leading(boolean now) {
        if (now && !leading) {
            if (dropped > 0) {
                LOG.log(Level.INFO, "leading: " + dropped + " changes observed as a follower were too old to hold;"
                        + " the previous leader recorded them if it saw them");
            }
            while (!held.isEmpty()) {
                record(held.removeFirst());
            }
            dropped = 0;
        }
        leading = now;
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
