package io.meshgate.kernel.warmup;

/**
 * The warm-up's two phases, round by round: first mixed load (kept-alive connections and some with a new connection
 * per request) until a round brings (almost) no compilation, then rounds of only new connections until enough were
 * made and the JIT has settled again. Code run once per connection (accepting, registering, setting up the pipeline,
 * closing) reaches C2 far later than code run once per request: while the compiler's queue is long the JIT gives it
 * C1 code without a full profile and moves it on only once the queue has drained and thousands more calls came (tens
 * of thousands when an AOT cache's training data holds it back). Without the second phase that happened under the
 * first real traffic with a new connection per request: measured on one CPU, some 50 methods and 3 s of C2 in its
 * first seconds. Pure bookkeeping, no clock and no JIT, so that the phases can be tested.
 */
public final class WarmUpSchedule {
    /** How many connections a round opens: kept alive, and closing after each request. */
    public record Round(int keptAlive, int closing) {
    }

    static final Round MIXED = new Round(96, 32);
    static final Round NEW_CONNECTIONS = new Round(0, 64);
    static final long NEW_CONNECTIONS_TO_COMPILE = 10_000;

    /** Requests completed when the new-connection phase began; -1 before it. */
    private long newConnectionsFrom = -1;

    /** The shape of the next round. */
    public Round nextRound() {
        return inNewConnectionPhase() ? NEW_CONNECTIONS : MIXED;
    }

    public boolean inNewConnectionPhase() {
        return newConnectionsFrom >= 0;
    }

    /**
     * Takes a finished round: whether the JIT had settled in it and the requests completed so far (each request of
     * the new-connection phase had a connection of its own). True when the warm-up is done.
     */
    public boolean roundDone(boolean settled, long completed) {
        if (!settled) {
            return false;
        }
        if (!inNewConnectionPhase()) {
            newConnectionsFrom = completed;
            return false;
        }
        return completed - newConnectionsFrom >= NEW_CONNECTIONS_TO_COMPILE;
    }
}
