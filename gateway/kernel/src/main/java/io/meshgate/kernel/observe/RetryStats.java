package io.meshgate.kernel.observe;

import io.meshgate.kernel.loop.EventCounts;
import io.meshgate.kernel.loop.LoopShares;

/**
 * The retry counters and the retry budget of one cluster, kept per event loop: each loop has its own
 * {@link Loop} (found through a thread-local map, no allocation after the loop's first retry request
 * to the cluster) whose fields only that loop writes, so counting and budget checks take no lock and
 * share no cache line between loops. Readers (the admin's {@code /stats}, Prometheus) sum the loops.
 *
 * <p>Counts follow Envoy's cluster statistics of the same names ({@code upstream_rq_retry...}); see
 * the README's "Kernel behaviour" for why they are Envoy's and not FSM's sidecar's.
 */
public final class RetryStats {

    /** The counted events, with their Envoy stat names (the admin prints {@code cluster.<name>.<stat>}). */
    public enum Event {
        /** A retry was started (after the back-off). */
        RETRY("upstream_rq_retry"),
        /** A retried request got an answer its policy does not retry. */
        SUCCESS("upstream_rq_retry_success"),
        /** A try failed in a retriable way but the request had used all its retries. */
        LIMIT_EXCEEDED("upstream_rq_retry_limit_exceeded"),
        /** A retry was refused by the cluster's retry budget. */
        OVERFLOW("upstream_rq_retry_overflow"),
        /** A retry waited the jittered exponential back-off. */
        BACKOFF_EXPONENTIAL("upstream_rq_retry_backoff_exponential"),
        /** A retry waited a back-off the upstream asked for (rate-limit headers); never counted yet: not implemented. */
        BACKOFF_RATELIMITED("upstream_rq_retry_backoff_ratelimited");

        private final String envoyName;

        Event(String envoyName) {
            this.envoyName = envoyName;
        }

        public String envoyName() {
            return envoyName;
        }

        /**
         * The Prometheus tag value ({@code retry}, {@code limit_exceeded}...): short, and unlike the Envoy
         * name not matched by a {@code grep upstream_rq_retry} on {@code /stats}, which then prints exactly
         * the six lines of FSM's demo.
         */
        public String tag() {
            return EnumTags.tag(this);
        }

        /** The event of a {@link #tag()}, or null. */
        static Event ofTag(String tag) {
            return EnumTags.ofTag(EVENTS, tag);
        }
    }

    private static final Event[] EVENTS = Event.values();
    private final String cluster;
    private final LoopShares<Loop> loops = new LoopShares<>(Loop::new);

    RetryStats(String cluster) {
        this.cluster = cluster;
    }

    public String cluster() {
        return cluster;
    }

    /** This thread's (event loop's) share; created on its first use. */
    public Loop loop() {
        return loops.mine();
    }

    /** The sum over all loops of {@code event}. */
    public long count(Event event) {
        return EventCounts.sum(loops.all(), loop -> loop.counts, event.ordinal());
    }

    /**
     * Retries in progress to the cluster, all loops: the loops' plain counts read from this one (a recent
     * value, maybe a few requests behind), enough for the cluster's {@code maxRetries} limit.
     */
    public int activeRetries() {
        int sum = 0;
        for (Loop loop : loops.all()) {
            sum += loop.activeRetries;
        }
        return sum;
    }

    /**
     * One event loop's counters and budget. Written only by its loop: counts are published with a
     * release store so another thread reads a recent value without any lock.
     */
    public static final class Loop {
        private final EventCounts counts = new EventCounts(EVENTS.length);
        private int activeRequests;
        private int activeRetries;

        private Loop() {}

        public void count(Event event) {
            counts.increment(event.ordinal());
        }

        /** A request on a retrying route to this cluster started on this loop. */
        public void requestStarted() {
            activeRequests++;
        }

        /** That request ended; {@code heldRetry}: it held a retry slot of the budget. */
        public void requestFinished(boolean heldRetry) {
            activeRequests--;
            if (heldRetry) {
                activeRetries--;
            }
        }

        /**
         * Envoy's retry budget on this loop: retries in progress may be at most {@code percent} of the
         * requests in progress, but always at least {@code minConcurrency}. A request that already holds
         * a slot (a second or later retry) keeps it and is checked as if it had given it back.
         *
         * @return true when the retry may go ahead (the slot is then held until {@link #requestFinished})
         */
        public boolean admitRetry(boolean holding, int percent, int minConcurrency) {
            int others = holding ? activeRetries - 1 : activeRetries;
            int allowed = Math.max(minConcurrency, (int) ((long) activeRequests * percent / 100));
            if (others >= allowed) {
                return false;
            }
            if (!holding) {
                activeRetries++;
            }
            return true;
        }

        int activeRetries() {
            return activeRetries;
        }
    }
}
