package io.meshgate.kernel.warmup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WarmUpScheduleTest {

    @Test
    void mixedRoundsUntilTheJitSettles() {
        WarmUpSchedule schedule = new WarmUpSchedule();

        assertThat(schedule.nextRound()).isEqualTo(WarmUpSchedule.MIXED);
        assertThat(schedule.roundDone(false, 5_000)).isFalse();
        assertThat(schedule.nextRound()).isEqualTo(WarmUpSchedule.MIXED);
        assertThat(schedule.inNewConnectionPhase()).isFalse();
    }

    @Test
    void aSettledMixedRoundStartsTheNewConnectionPhaseInsteadOfEnding() {
        WarmUpSchedule schedule = new WarmUpSchedule();

        assertThat(schedule.roundDone(true, 40_000)).isFalse();

        assertThat(schedule.inNewConnectionPhase()).isTrue();
        assertThat(schedule.nextRound()).isEqualTo(WarmUpSchedule.NEW_CONNECTIONS);
        assertThat(schedule.nextRound().keptAlive()).isZero();
    }

    @Test
    void theNewConnectionPhaseEndsOnlyWhenSettledAfterEnoughConnections() {
        WarmUpSchedule schedule = new WarmUpSchedule();
        schedule.roundDone(true, 40_000);

        assertThat(schedule.roundDone(true, 40_000 + WarmUpSchedule.NEW_CONNECTIONS_TO_COMPILE - 1))
                .as("settled, but too few new connections for their code to reach C2").isFalse();
        assertThat(schedule.roundDone(false, 40_000 + 2 * WarmUpSchedule.NEW_CONNECTIONS_TO_COMPILE))
                .as("enough connections, but C2 still compiling them").isFalse();
        assertThat(schedule.roundDone(true, 40_000 + 2 * WarmUpSchedule.NEW_CONNECTIONS_TO_COMPILE)).isTrue();
    }
}
