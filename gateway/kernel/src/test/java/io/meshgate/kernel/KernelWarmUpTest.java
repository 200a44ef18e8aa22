package io.meshgate.kernel;

import io.meshgate.kernel.warmup.WarmUpConfig;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class KernelWarmUpTest {

    @Test
    void proxiesRequestsThroughTheThrowawayKernelAndEnds() {
        KernelWarmUp.Result result = KernelWarmUp.run(1, Duration.ofMillis(1_200));

        assertThat(result.failures()).as(result.toString()).isZero();
        assertThat(result.endedBy()).isIn("the JIT settled", "budget of 1200 ms spent");
        assertThat(result.requests()).isPositive();
        assertThat(result.took()).isLessThan(Duration.ofSeconds(6));
    }

    @Test
    void aZeroBudgetDoesNothing() {
        KernelWarmUp.Result result = KernelWarmUp.run(1, Duration.ZERO);

        assertThat(result).isEqualTo(new KernelWarmUp.Result(0, 0, Duration.ZERO, "off"));
    }

    @Test
    void theConfigsParse() {
        assertThat(WarmUpConfig.originOnly().listeners()).hasSize(1);
        assertThat(WarmUpConfig.withProxy(12345).clusters().getFirst().endpoints().getFirst().port()).isEqualTo(12345);
    }
}
