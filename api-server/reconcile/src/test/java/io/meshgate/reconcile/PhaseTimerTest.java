package io.meshgate.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Phases are charged the time since the previous end, in first-ended order, a repeated name adding up. */
class PhaseTimerTest {
    @Test
    void chargesEachPhaseTheTimeSinceThePreviousEnd() {
        AtomicLong now = new AtomicLong(1_000_000);
        PhaseTimer timer = new PhaseTimer(now::get);
        now.addAndGet(2_500_000);
        timer.end("read");
        now.addAndGet(10_000_000);
        timer.end("translate");
        now.addAndGet(1_000_000);
        timer.end("read");
        assertThat(timer).hasToString("read 3.5 ms, translate 10.0 ms");
    }
}
