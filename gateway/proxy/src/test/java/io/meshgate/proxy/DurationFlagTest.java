package io.meshgate.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The command lines' one duration syntax: units, zero, ISO-8601, and a message naming the flag. */
class DurationFlagTest {

    @Test
    void readsUnitsZeroAndIso() {
        assertThat(DurationFlag.parse("--x", "500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationFlag.parse("--x", " 15s ")).isEqualTo(Duration.ofSeconds(15));
        assertThat(DurationFlag.parse("--x", "2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(DurationFlag.parse("--x", "0")).isZero();
        assertThat(DurationFlag.parse("--x", "PT1M30S")).isEqualTo(Duration.ofSeconds(90));
        assertThat(DurationFlag.parse("--x", "-PT1S")).isEqualTo(Duration.ofSeconds(-1));
    }

    @Test
    void namesTheFlagForAnythingElse() {
        for (String bad : new String[] {"", "15", "s", "1h", "soon", "1.5s", "PTXS"}) {
            assertThatThrownBy(() -> DurationFlag.parse("--lease-duration", bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("--lease-duration must be a duration such as 15s, 500ms or 1m, got '" + bad + "'");
        }
    }

    @Test
    void notNegativeAllowsZeroOnly() {
        assertThat(DurationFlag.notNegative("--kernel-warm-up", "0")).isZero();
        assertThatThrownBy(() -> DurationFlag.notNegative("--kernel-warm-up", "-PT2S"))
                .hasMessage("--kernel-warm-up must not be negative, got '-PT2S'");
    }
}
