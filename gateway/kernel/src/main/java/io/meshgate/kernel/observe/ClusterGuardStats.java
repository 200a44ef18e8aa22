package io.meshgate.kernel.observe;

import io.meshgate.kernel.loop.EventCounts;
import io.meshgate.kernel.loop.LoopShares;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The counters of one cluster's circuit breaker and connection limits, kept per event loop as
 * {@link RetryStats} are (no lock, no allocation after a loop's first use), summed by readers. Printed by
 * the admin's {@code /stats} as {@code cluster.<name>.<stat>} under the Envoy-like names of {@link Event},
 * and as {@code meshgate_upstream_guard_events_total{cluster,event}} / {@code meshgate_upstream_circuit_open}
 * for Prometheus.
 */
public final class ClusterGuardStats {

    /** The counted events and their stat names. */
    public enum Event {
        /** The circuit breaker opened (FSM's {@code [circuit_breaker] ... (open)} log line). */
        CIRCUIT_OPENED("circuit_breakers.opened"),
        /** A request was answered locally because the breaker was open. */
        RQ_CIRCUIT_OPEN("upstream_rq_circuit_open"),
        /** A request needed a new connection beyond {@code maxConnections} (Envoy's name). */
        CX_OVERFLOW("upstream_cx_overflow"),
        /** A request beyond {@code maxRequests} or {@code maxPendingRequests} (Envoy's name, for both). */
        RQ_PENDING_OVERFLOW("upstream_rq_pending_overflow");

        private final String statName;

        Event(String statName) {
            this.statName = statName;
        }

        public String statName() {
            return statName;
        }

        /** The Prometheus tag value. */
        public String tag() {
            return EnumTags.tag(this);
        }

        static Event ofTag(String tag) {
            return EnumTags.ofTag(EVENTS, tag);
        }
    }

    /** The gauge's stat name: 1 while the breaker is open, else 0. */
    public static final String OPEN_STAT = "circuit_breakers.open";

    private static final Event[] EVENTS = Event.values();
    private final String cluster;
    private final LoopShares<Loop> loops = new LoopShares<>(Loop::new);
    /** {@link System#nanoTime()} until which the breaker was last opened; MIN_VALUE: never. */
    private final AtomicLong openUntil = new AtomicLong(Long.MIN_VALUE);

    ClusterGuardStats(String cluster) {
        this.cluster = cluster;
    }

    public String cluster() {
        return cluster;
    }

    /** This thread's (event loop's) share; created on its first use. */
    public Loop loop() {
        return loops.mine();
    }

    /** The breaker opened until {@code untilNanos} (counts {@link Event#CIRCUIT_OPENED} too). */
    public void opened(long untilNanos) {
        openUntil.set(untilNanos);
        loop().count(Event.CIRCUIT_OPENED);
    }

    /** 1 while the breaker is open (its degraded window has not passed), else 0. */
    public int open() {
        long until = openUntil.get();
        return until != Long.MIN_VALUE && System.nanoTime() - until < 0 ? 1 : 0;
    }

    /** The sum over all loops of {@code event}. */
    public long count(Event event) {
        return EventCounts.sum(loops.all(), loop -> loop.counts, event.ordinal());
    }

    /** One event loop's counters; written only by that loop. */
    public static final class Loop {
        private final EventCounts counts = new EventCounts(EVENTS.length);

        private Loop() {}

        public void count(Event event) {
            counts.increment(event.ordinal());
        }
    }
}
