package io.meshgate.kernel.warmup;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.HotSpotDiagnosticMXBean;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class HeapReleaseTest {
    private final HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);

    @Test
    void theFreeRatiosComeBackAsTheyWere() {
        String min = hotspot.getVMOption("MinHeapFreeRatio").getValue();
        String max = hotspot.getVMOption("MaxHeapFreeRatio").getValue();

        HeapRelease.release();

        assertThat(hotspot.getVMOption("MinHeapFreeRatio").getValue()).isEqualTo(min);
        assertThat(hotspot.getVMOption("MaxHeapFreeRatio").getValue()).isEqualTo(max);
    }

    @Test
    void aHeapGrownByGarbageIsGivenBack() {
        byte[][] garbage = new byte[64][];
        for (int round = 0; round < 8; round++) {
            for (int i = 0; i < garbage.length; i++) {
                garbage[i] = new byte[1 << 20]; // 64 MiB live at a time, then garbage
            }
        }
        garbage = null;

        HeapRelease.Committed committed = HeapRelease.release();

        assertThat(committed.before()).isPositive();
        assertThat(committed.after()).as(committed.toString()).isLessThan(committed.before());
    }
}
