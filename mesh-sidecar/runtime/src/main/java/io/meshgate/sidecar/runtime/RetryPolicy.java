package io.meshgate.sidecar.runtime;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How the sidecar asks an unreachable control plane again: capped exponential backoff with up to 20%
 * jitter (so sidecars restarted together do not ask in step), and a deadline on every try.
 *
 * @param firstPause the pause after the first failure
 * @param maxPause   the longest pause
 * @param perTry     how long one request may take, connecting included
 */
public record RetryPolicy(Duration firstPause, Duration maxPause, Duration perTry) {
    /** 200 ms doubling to 10 s between tries, 10 s per try. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(Duration.ofMillis(200), Duration.ofSeconds(10), Duration.ofSeconds(10));
    }

    /** The pause after {@code pause}: doubled, at most {@link #maxPause}. */
    Duration next(Duration pause) {
        Duration doubled = pause.multipliedBy(2);
        return doubled.compareTo(maxPause) > 0 ? maxPause : doubled;
    }

    /** {@code pause} plus jitter, in milliseconds. */
    static long withJitter(Duration pause) {
        return pause.toMillis() + ThreadLocalRandom.current().nextLong(pause.toMillis() / 5 + 1);
    }
}
