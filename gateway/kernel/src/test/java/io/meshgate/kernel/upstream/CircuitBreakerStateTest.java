package io.meshgate.kernel.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.config.CircuitBreaker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The breaker's state machine with the caller's clock: FSM's thresholds (error and slow, amount and ratio),
 * {@code minRequestAmount}, the degraded window, the fresh window after it, the tumbling statistics window,
 * and counts from several event loops summed.
 */
class CircuitBreakerStateTest {
    static final long MS = 1_000_000L;
    static final Duration MINUTE = Duration.ofMinutes(1);
    static final Duration TEN_S = Duration.ofSeconds(10);

    static CircuitBreaker errors(int amount, double ratio) {
        return new CircuitBreaker(MINUTE, 200, null, 0, 0, amount, ratio, TEN_S, 503, "Service Unavailable!");
    }

    static CircuitBreaker slow(int amount, double ratio) {
        return new CircuitBreaker(MINUTE, 200, Duration.ofMillis(200), amount, ratio, 0, 0, TEN_S, 503,
                "Service Unavailable!");
    }

    /** Feeds requests where every fifth fails (20 %, the seed's 511:20) until the breaker opens; returns the count. */
    static int feedUntilOpen(CircuitBreakerState state, long start, boolean slowInsteadOfError) {
        for (int i = 1; i <= 1000; i++) {
            boolean bad = i % 5 == 0;
            long now = start + i * MS;
            long opened = slowInsteadOfError ? state.record(now, bad ? 201 * MS : MS, false)
                    : state.record(now, MS, bad);
            if (opened != 0) {
                assertThat(opened).isEqualTo(now + TEN_S.toNanos());
                return i;
            }
        }
        return -1;
    }

    @Test
    void errorAmountOpensWhenTheHundredthErrorCompletes() {
        CircuitBreakerState state = new CircuitBreakerState("server/fortio|8080", errors(100, 0));
        // the seed: 20 % errors, 100 errors at about the 500th request (FSM logged 530 with random errors)
        assertThat(feedUntilOpen(state, 0, false)).isEqualTo(500);
        assertThat(state.allows(501 * MS)).isFalse();
        assertThat(state.isOpen(501 * MS)).isTrue();
    }

    @Test
    void errorRatioOpensAsSoonAsMinRequestAmountCompleted() {
        CircuitBreakerState state = new CircuitBreakerState("c", errors(0, 0.10));
        // 20 % > 10 % long before, but nothing is judged before 200 requests
        assertThat(feedUntilOpen(state, 0, false)).isEqualTo(200);
    }

    @Test
    void aRatioBelowTheThresholdNeverOpens() {
        CircuitBreakerState state = new CircuitBreakerState("c", errors(0, 0.25));
        assertThat(feedUntilOpen(state, 0, false)).isEqualTo(-1);
        assertThat(state.allows(2000 * MS)).isTrue();
    }

    @Test
    void slowAmountAndSlowRatioCountRequestsAtOrAboveTheSlowTime() {
        assertThat(feedUntilOpen(new CircuitBreakerState("c", slow(100, 0)), 0, true)).isEqualTo(500);
        assertThat(feedUntilOpen(new CircuitBreakerState("c", slow(0, 0.1)), 0, true)).isEqualTo(200);
        // exactly the slow time counts as slow (FSM: duration >= slowTimeThreshold)
        CircuitBreakerState exact = new CircuitBreakerState("c",
                new CircuitBreaker(MINUTE, 0, Duration.ofMillis(200), 1, 0, 0, 0, TEN_S, 0, null));
        assertThat(exact.record(MS, 199 * MS, false)).isZero();
        assertThat(exact.record(2 * MS, 200 * MS, false)).isNotZero();
    }

    @Test
    void errorsDoNotCountAsSlowNorSlowAsErrors() {
        CircuitBreakerState state = new CircuitBreakerState("c", slow(1, 0));
        for (int i = 1; i <= 300; i++) {
            assertThat(state.record(i * MS, MS, true)).isZero();
        }
    }

    @Test
    void minRequestAmountHoldsBackEvenAnAmountAlreadyReached() {
        CircuitBreakerState state = new CircuitBreakerState("c",
                new CircuitBreaker(MINUTE, 50, null, 0, 0, 5, 0, TEN_S, 0, null));
        for (int i = 1; i < 50; i++) {
            assertThat(state.record(i * MS, MS, true)).as("request %d", i).isZero();
        }
        assertThat(state.record(50 * MS, MS, true)).isNotZero();
    }

    @Test
    void closesAfterTheDegradedWindowWithFreshCounts() {
        CircuitBreakerState state = new CircuitBreakerState("c", errors(100, 0));
        int opened = feedUntilOpen(state, 0, false);
        long openedAt = opened * MS;
        assertThat(state.allows(openedAt + TEN_S.toNanos() - 1)).isFalse();
        // a request that was in flight completes while open: counted in no window
        assertThat(state.record(openedAt + MS, MS, true)).isZero();
        long closedAt = openedAt + TEN_S.toNanos();
        assertThat(state.allows(closedAt)).isTrue();
        assertThat(state.isOpen(closedAt)).isFalse();
        // the old window's 100 errors are gone: it takes another 500 requests to open again
        assertThat(feedUntilOpen(state, closedAt, false)).isEqualTo(500);
    }

    @Test
    void countsRestartWhenTheStatisticsWindowEnds() {
        CircuitBreakerState state = new CircuitBreakerState("c",
                new CircuitBreaker(Duration.ofSeconds(1), 0, null, 0, 0, 10, 0, TEN_S, 0, null));
        for (int i = 0; i < 9; i++) {
            assertThat(state.record(i * MS, MS, true)).isZero();
        }
        // 9 errors in the first second; the 10th lands in the next window
        assertThat(state.record(1000 * MS + 1, MS, true)).isZero();
        for (int i = 1; i < 9; i++) {
            assertThat(state.record(1000 * MS + i * MS, MS, true)).isZero();
        }
        assertThat(state.record(1100 * MS, MS, true)).isNotZero();
    }

    @Test
    void countsOfSeveralEventLoopsAreSummed() throws Exception {
        CircuitBreakerState state = new CircuitBreakerState("c",
                new CircuitBreaker(MINUTE, 0, null, 0, 0, 10, 0, TEN_S, 0, null));
        Thread other = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < 5; i++) {
                state.record(i * MS, MS, true);
            }
        });
        other.join(5000);
        for (int i = 0; i < 4; i++) {
            assertThat(state.record(10 * MS + i * MS, MS, true)).isZero();
        }
        assertThat(state.record(20 * MS, MS, true)).as("5 + 5 errors").isNotZero();
    }
}
