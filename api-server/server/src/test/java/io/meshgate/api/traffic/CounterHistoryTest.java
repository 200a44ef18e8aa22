package io.meshgate.api.traffic;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Counter growth over a window: deltas between samples, resets, the baseline sample, pruning. */
class CounterHistoryTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String V1 = "shop/shop-v1|8080";

    private final CounterHistory history = new CounterHistory();

    private void add(int second, long count) {
        history.add(new CounterHistory.Sample(T0.plusSeconds(second), Map.of(V1, count)));
    }

    @Test
    void growthIsTheDeltaFromTheNewestSampleAtLeastAWindowOldToTheNewest() {
        add(0, 100);
        add(5, 150);
        add(10, 160);
        add(15, 200);

        // window 10 s ending at 15: the baseline is the sample at 5
        CounterHistory.Observed o = history.observe(T0.plusSeconds(15), Duration.ofSeconds(10)).orElseThrow();
        assertThat(o.span()).isEqualTo(Duration.ofSeconds(10));
        assertThat(o.increases()).containsEntry(V1, 50L);
        assertThat(o.latest()).containsEntry(V1, 200L);
        assertThat(o.newestAt()).isEqualTo(T0.plusSeconds(15));

        // a window longer than the history: from the oldest sample
        CounterHistory.Observed all = history.observe(T0.plusSeconds(15), Duration.ofSeconds(60)).orElseThrow();
        assertThat(all.span()).isEqualTo(Duration.ofSeconds(15));
        assertThat(all.increases()).containsEntry(V1, 100L);
    }

    @Test
    void aCounterLowerThanBeforeIsARestartAndItsNewValueCountsAsGrowth() {
        add(0, 1000);
        add(5, 1010);
        add(10, 4); // the proxy restarted and has counted 4 since
        add(15, 10);

        CounterHistory.Observed o = history.observe(T0.plusSeconds(15), Duration.ofSeconds(15)).orElseThrow();
        assertThat(o.increases()).containsEntry(V1, 10L + 4L + 6L);
        assertThat(CounterHistory.growth(7L, 3L)).isEqualTo(3);
        assertThat(CounterHistory.growth(null, 3L)).isEqualTo(3); // a cluster new in the config
        assertThat(CounterHistory.growth(3L, null)).isZero(); // a cluster gone from the config
    }

    @Test
    void oneSampleGivesTotalsButNoSpanAndNoneGivesNothing() {
        assertThat(history.observe(T0, Duration.ofSeconds(10))).isEmpty();
        add(0, 42);

        CounterHistory.Observed o = history.observe(T0.plusSeconds(3), Duration.ofSeconds(10)).orElseThrow();
        assertThat(o.span()).isZero();
        assertThat(o.increases()).containsEntry(V1, 0L);
        assertThat(o.latest()).containsEntry(V1, 42L);
    }

    @Test
    void pruningKeepsTheBaselineOfTheLongestWindow() {
        for (int s = 0; s <= 100; s += 10) {
            add(s, s);
        }
        history.prune(T0.plusSeconds(100), Duration.ofSeconds(60));

        // 40 is the newest sample at least 60 s old: a 60 s window still has its baseline
        CounterHistory.Observed o = history.observe(T0.plusSeconds(100), Duration.ofSeconds(600)).orElseThrow();
        assertThat(o.span()).isEqualTo(Duration.ofSeconds(60));
        assertThat(o.increases()).containsEntry(V1, 60L);
    }

    @Test
    void samplesComeInTimeOrder() {
        add(10, 1);
        assertThatThrownBy(() -> add(10, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("time order");
    }
}
