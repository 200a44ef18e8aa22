package io.meshgate.kernel.upstream;

import io.meshgate.config.ConnectionLimits;
import io.meshgate.kernel.loop.EventCounts;
import io.meshgate.kernel.loop.LoopShares;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What one cluster with {@link ConnectionLimits} has in progress on this proxy: requests, requests waiting
 * for a connection (per event loop, summed when a limit is checked: no lock and no shared write per
 * request), and connections (one shared counter, written when a connection opens or closes). A cluster
 * without limits has none of this. Kept across config swaps of the cluster (the limits may change; the
 * counts of what is in progress stay right), and whoever counted something in it un-counts it in the same
 * object.
 *
 * <p>Loops race only in the sum: two loops admitting at once may each see room for one more, so a limit can
 * be passed by at most one per event loop, as Envoy's per-worker checks allow too.
 */
public final class ClusterLoad {
    private final LoopShares<Loop> loops = new LoopShares<>(Loop::new);
    private final AtomicInteger connections = new AtomicInteger();
    private volatile ConnectionLimits limits;

    ClusterLoad(ConnectionLimits limits) {
        this.limits = limits;
    }

    public ConnectionLimits limits() {
        return limits;
    }

    void limits(ConnectionLimits newLimits) {
        limits = newLimits;
    }

    /** This event loop's share; created on its first use. */
    public Loop loop() {
        return loops.mine();
    }

    /** Requests in progress, all loops. */
    public int activeRequests() {
        return sum(Loop.ACTIVE);
    }

    /** Requests waiting for a connection, all loops. */
    public int pendingRequests() {
        return sum(Loop.PENDING);
    }

    private int sum(int index) {
        return (int) EventCounts.sum(loops.all(), loop -> loop.counts, index);
    }

    /** Connections open or being opened. */
    public int connections() {
        return connections.get();
    }

    /** Counts a new connection unless the cluster has {@code maxConnections} already; false: refused. */
    boolean tryOpenConnection() {
        int max = limits.maxConnections();
        while (true) {
            int now = connections.get();
            if (max > 0 && now >= max) {
                return false;
            }
            if (connections.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    /** A connection counted by {@link #tryOpenConnection} closed (or failed to open). */
    void connectionClosed() {
        connections.decrementAndGet();
    }

    /** One event loop's counts; written only by that loop (release stores, read by others with acquire). */
    public static final class Loop {
        static final int ACTIVE = 0;
        static final int PENDING = 1;
        private final EventCounts counts = new EventCounts(2);

        private Loop() {}

        public void requestStarted() {
            counts.add(ACTIVE, 1);
        }

        public void requestFinished() {
            counts.add(ACTIVE, -1);
        }

        public void pendingStarted() {
            counts.add(PENDING, 1);
        }

        public void pendingFinished() {
            counts.add(PENDING, -1);
        }
    }
}
