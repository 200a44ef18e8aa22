package io.meshgate.kernel.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshgate.config.RetryPolicy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The retry policy record's checks and what its compiled filter retries. */
class RetryFilterTest {

    private static RetryFilter filter(String... retryOn) {
        return (RetryFilter) new RetryFilterFactory().create(RetryPolicy.of(List.of(retryOn), 2, null, Duration.ofMillis(100)));
    }

    @Test
    void fiveXxMeansEvery5xxAnswerAndNoAnswerAtAll() {
        RetryFilter f = filter("5xx");
        assertThat(f.retriesStatus(500)).isTrue();
        assertThat(f.retriesStatus(599)).isTrue();
        assertThat(f.retriesStatus(404)).isFalse();
        assertThat(f.retriesConnectFailure()).isTrue();
        assertThat(f.retriesReset()).isTrue();
    }

    @Test
    void classesCodesAndEnvoysNamesMeanWhatTheJavadocSays() {
        RetryFilter fourXx = filter("4xx");
        assertThat(fourXx.retriesStatus(404)).isTrue();
        assertThat(fourXx.retriesStatus(503)).isFalse();
        assertThat(fourXx.retriesConnectFailure()).isFalse();
        assertThat(filter("1xx").retriesStatus(100)).as("interim answers are never final").isFalse();
        assertThat(filter("503").retriesStatus(503)).isTrue();
        assertThat(filter("503").retriesStatus(502)).isFalse();
        RetryFilter retriable = filter("retriable-4xx");
        assertThat(retriable.retriesStatus(409)).isTrue();
        assertThat(retriable.retriesStatus(404)).isFalse();
        RetryFilter gateway = filter("gateway-error");
        assertThat(gateway.retriesStatus(502)).isTrue();
        assertThat(gateway.retriesStatus(500)).isFalse();
        assertThat(gateway.retriesReset()).isTrue();
        RetryFilter connect = filter("connect-failure");
        assertThat(connect.retriesConnectFailure()).isTrue();
        assertThat(connect.retriesReset()).isFalse();
        assertThat(connect.retriesStatus(503)).isFalse();
        assertThat(filter("reset").retriesReset()).isTrue();
        assertThat(filter("refused-stream").retriesReset()).isTrue();
    }

    @Test
    void backOffIsFullyJitteredExponentialCappedAtTenTimesTheBase() {
        RetryFilter f = filter("5xx");
        long base = Duration.ofMillis(100).toNanos();
        long[] ceilings = {base, 3 * base, 7 * base, 10 * base, 10 * base, 10 * base};
        for (int retry = 1; retry <= ceilings.length; retry++) {
            long max = 0;
            for (int i = 0; i < 2000; i++) {
                long d = f.backoffNanos(retry);
                assertThat(d).isBetween(0L, ceilings[retry - 1]);
                max = Math.max(max, d);
            }
            assertThat(max).as("retry " + retry + " reaches near its ceiling").isGreaterThan(ceilings[retry - 1] * 9 / 10);
        }
    }

    @Test
    void badSettingsAreRefusedWithTheField() {
        assertThatThrownBy(() -> RetryPolicy.of(List.of("5xx"), 11, null, null))
                .hasMessageContaining("retry.numRetries must be 0..10");
        assertThatThrownBy(() -> RetryPolicy.of(List.of("sometimes"), 1, null, null))
                .hasMessageContaining("'sometimes' is not a condition");
        assertThatThrownBy(() -> RetryPolicy.of(List.of("600"), 1, null, null)).hasMessageContaining("'600'");
        assertThatThrownBy(() -> RetryPolicy.of(List.of(), 1, null, null)).hasMessageContaining("at least one");
        assertThatThrownBy(() -> RetryPolicy.of(List.of("5xx"), 1, Duration.ZERO, null))
                .hasMessageContaining("retry.perTryTimeout");
        assertThatThrownBy(() -> RetryPolicy.of(List.of("5xx"), 1, null, Duration.ofMillis(-1)))
                .hasMessageContaining("retry.backoffBaseInterval");
        assertThatThrownBy(() -> new RetryPolicy(List.of("5xx"), 1, null, null, 2 * 1024 * 1024, 0, 0))
                .hasMessageContaining("retry.bufferLimitBytes");
        assertThatThrownBy(() -> new RetryPolicy(List.of("5xx"), 1, null, null, 0, 101, 0))
                .hasMessageContaining("retry.budgetPercent");
    }

    @Test
    void defaultsAndCanonicalTokens() {
        RetryPolicy p = RetryPolicy.of(List.of(" 5XX", "5xx", "Connect-Failure"), 1, null, null);
        assertThat(p.retryOn()).containsExactly("5xx", "connect-failure");
        assertThat(p.backoffBaseInterval()).isEqualTo(Duration.ofMillis(25));
        assertThat(p.bufferLimitBytes()).isEqualTo(64 * 1024);
        assertThat(p.budgetPercent()).isEqualTo(20);
        assertThat(p.minRetryConcurrency()).isEqualTo(3);
        assertThat(RetryPolicy.parseConditions("5xx, 409,reset")).containsExactly("5xx", "409", "reset");
    }
}
