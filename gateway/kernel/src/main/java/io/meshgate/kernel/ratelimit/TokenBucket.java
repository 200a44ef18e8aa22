package io.meshgate.kernel.ratelimit;

import io.meshgate.config.TokenBucketSettings;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Envoy's local rate limit token bucket, shared by every event loop of a kernel: it starts full with
 * {@code maxTokens}; each whole {@code fillInterval} since the bucket was made adds {@code tokensPerFill}
 * tokens (at most up to {@code maxTokens}); {@link #tryTake()} takes one token or says there is none.
 *
 * <p>WHY ONE ATOMIC, NOT ONE BUCKET PER LOOP: a limit of 3 per minute must let exactly 3 requests
 * through per minute on the whole proxy; a bucket per event loop would let 3 through on each loop.
 * The whole state (tokens left, and how many fills were already added) is one {@code long}, changed
 * with compare-and-set: no lock, no allocation, and a take never sees a refill half applied. Fills
 * are counted lazily from the clock at each take (Envoy refills from a timer; the counts are the
 * same: fills happen at whole intervals after the bucket was made).
 *
 * <p>Layout of the state: the high 33 bits are the number of fills already added (modulo 2^33, compared as a
 * signed difference: a bucket untouched for more than 2^32 intervals, 49 days at a 1 ms interval and
 * far longer at FSM's units, could be refilled short once), the low 31 bits the tokens left (at most
 * {@link Integer#MAX_VALUE}).
 */
public final class TokenBucket {
    private static final int TOKEN_BITS = 31;
    private static final long TOKEN_MASK = (1L << TOKEN_BITS) - 1;
    private static final long FILL_MASK = (1L << (Long.SIZE - TOKEN_BITS)) - 1;

    private final TokenBucketSettings settings;
    private final int maxTokens;
    private final int tokensPerFill;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final long start;
    private final AtomicLong state;

    /** A full bucket on the system's monotonic clock. */
    public TokenBucket(TokenBucketSettings settings) {
        this(settings, System::nanoTime);
    }

    /** A full bucket on {@code nanoClock} (monotonic nanoseconds; tests inject their own). */
    public TokenBucket(TokenBucketSettings settings, LongSupplier nanoClock) {
        this.settings = settings;
        this.maxTokens = settings.maxTokens();
        this.tokensPerFill = settings.tokensPerFill();
        this.intervalNanos = settings.fillInterval().toNanos();
        this.nanoClock = nanoClock;
        this.start = nanoClock.getAsLong();
        this.state = new AtomicLong(maxTokens);
    }

    public TokenBucketSettings settings() {
        return settings;
    }

    /** Takes one token: true when there was one (the connection or request may go on). */
    public boolean tryTake() {
        long fillsNow = ((nanoClock.getAsLong() - start) / intervalNanos) & FILL_MASK;
        while (true) {
            long current = state.get();
            long fillsSeen = current >>> TOKEN_BITS;
            long tokens = current & TOKEN_MASK;
            long newFills = newFills(fillsNow, fillsSeen);
            if (newFills > 0) {
                // newFills * tokensPerFill cannot overflow: both are below 2^32 and 2^31
                tokens = Math.min(maxTokens, tokens + newFills * tokensPerFill);
                fillsSeen = fillsNow;
            }
            if (tokens == 0) {
                // nothing to take; a refill that brought none needs no store either
                return false;
            }
            long next = (fillsSeen << TOKEN_BITS) | (tokens - 1);
            if (state.compareAndSet(current, next)) {
                return true;
            }
        }
    }

    /**
     * Fills not yet added: 0 when another thread, which read the clock later, already added fills this
     * thread's clock reading does not know of yet (the modular difference is then "negative").
     */
    private static long newFills(long fillsNow, long fillsSeen) {
        long difference = (fillsNow - fillsSeen) & FILL_MASK;
        return difference > FILL_MASK / 2 ? 0 : difference;
    }

    /** Tokens a take would find now (for tests and the admin; does not change the bucket). */
    public long available() {
        long fillsNow = ((nanoClock.getAsLong() - start) / intervalNanos) & FILL_MASK;
        long current = state.get();
        long newFills = newFills(fillsNow, current >>> TOKEN_BITS);
        return Math.min(maxTokens, (current & TOKEN_MASK) + newFills * tokensPerFill);
    }
}
