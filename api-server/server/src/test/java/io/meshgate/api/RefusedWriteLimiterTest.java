package io.meshgate.api;

import io.meshgate.db.Actor;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RefusedWriteLimiterTest {
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final RefusedWriteLimiter limiter = new RefusedWriteLimiter(clock, 3, Duration.ofMinutes(1));
    final Actor viewer = new Actor("viewer", "10.0.0.1");

    @Test
    void admitsTheLimitPerWindowThenCountsAndSumsUpOnceTheWindowEnds() {
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.admit(viewer)).isTrue();
        }
        assertThat(limiter.admit(viewer)).isFalse();
        assertThat(limiter.admit(viewer)).isFalse();
        assertThat(limiter.endedWindows(false)).isEmpty();

        clock.advance(Duration.ofSeconds(60));
        assertThat(limiter.endedWindows(false)).singleElement().satisfies(s -> {
            assertThat(s.count()).isEqualTo(2);
            assertThat(s.actor()).isEqualTo(viewer);
        });
        assertThat(limiter.endedWindows(false)).isEmpty();
        assertThat(limiter.admit(viewer)).isTrue();
    }

    @Test
    void actorsHaveTheirOwnWindows() {
        for (int i = 0; i < 3; i++) {
            limiter.admit(viewer);
        }
        assertThat(limiter.admit(viewer)).isFalse();
        assertThat(limiter.admit(new Actor("other", null))).isTrue();
    }

    @Test
    void aNewWindowKeepsTheSummaryOwedByTheOldOne() {
        for (int i = 0; i < 4; i++) {
            limiter.admit(viewer);
        }
        clock.advance(Duration.ofMinutes(2));
        assertThat(limiter.admit(viewer)).isTrue();
        assertThat(limiter.endedWindows(false)).singleElement().satisfies(s -> assertThat(s.count()).isEqualTo(1));
    }

    @Test
    void closingHandsOutOpenWindowsToo() {
        for (int i = 0; i < 5; i++) {
            limiter.admit(viewer);
        }
        assertThat(limiter.endedWindows(true)).singleElement().satisfies(s -> assertThat(s.count()).isEqualTo(2));
    }
}
