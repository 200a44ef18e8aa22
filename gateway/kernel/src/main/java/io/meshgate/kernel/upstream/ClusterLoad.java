package io.meshgate.kernel.upstream;

import io.meshgate.config.ConnectionLimits;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

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
    private static final FastThreadLocal<Map<ClusterLoad, Loop>> LOOPS = new FastThreadLocal<>() {
        @Override
        protected Map<ClusterLoad, Loop> initialValue() {
            return new IdentityHashMap<>();
        }
    };

    private final List<Loop> loops = new CopyOnWriteArrayList<>();
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
        Map<ClusterLoad, Loop> mine = LOOPS.get();
        Loop loop = mine.get(this);
        if (loop == null) {
            loop = new Loop();
            mine.put(this, loop);
            loops.add(loop);
        }
        return loop;
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
        int total = 0;
        for (Loop loop : loops) {
            total += loop.counts.getAcquire(index);
        }
        return total;
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
        private final AtomicIntegerArray counts = new AtomicIntegerArray(2);

        private Loop() {}

        public void requestStarted() {
            counts.setRelease(ACTIVE, counts.getPlain(ACTIVE) + 1);
        }

        public void requestFinished() {
            counts.setRelease(ACTIVE, counts.getPlain(ACTIVE) - 1);
        }

        public void pendingStarted() {
            counts.setRelease(PENDING, counts.getPlain(PENDING) + 1);
        }

        public void pendingFinished() {
            counts.setRelease(PENDING, counts.getPlain(PENDING) - 1);
        }
    }
}
