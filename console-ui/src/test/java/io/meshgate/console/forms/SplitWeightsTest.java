package io.meshgate.console.forms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SplitWeightsTest {

    @Test
    void twoBackendsMirrorEachOther() {
        assertThat(SplitWeights.rebalance(List.of(90, 10), 1, 25)).containsExactly(75, 25);
        assertThat(SplitWeights.rebalance(List.of(50, 50), 0, 100)).containsExactly(100, 0);
    }

    @Test
    void othersKeepTheirProportions() {
        // 20 and 40 share the 60 left in the ratio 1:2
        assertThat(SplitWeights.rebalance(List.of(40, 20, 40), 0, 40)).containsExactly(40, 20, 40);
        assertThat(SplitWeights.rebalance(List.of(40, 20, 40), 0, 70)).containsExactly(70, 10, 20);
    }

    @Test
    void valuesSnapToStepsAndClamp() {
        assertThat(SplitWeights.rebalance(List.of(50, 50), 0, 33)).containsExactly(35, 65);
        assertThat(SplitWeights.rebalance(List.of(50, 50), 0, 150)).containsExactly(100, 0);
        assertThat(SplitWeights.rebalance(List.of(50, 50), 0, -20)).containsExactly(0, 100);
    }

    @Test
    void othersAtZeroShareTheRestEvenly() {
        assertThat(SplitWeights.rebalance(List.of(100, 0, 0), 0, 50)).containsExactly(50, 25, 25);
        assertThat(SplitWeights.rebalance(List.of(100, 0, 0), 0, 90)).containsExactly(90, 5, 5);
        assertThat(SplitWeights.rebalance(List.of(100, 0, 0, 0), 0, 90)).containsExactly(90, 5, 5, 0);
    }

    @Test
    void aSingleBackendIsAlwaysAll() {
        assertThat(SplitWeights.rebalance(List.of(100), 0, 40)).containsExactly(100);
    }

    @Test
    void anyMoveKeepsTheSplitBalanced() {
        Random random = new Random(42);
        for (int round = 0; round < 500; round++) {
            int n = 2 + random.nextInt(5);
            List<Integer> weights = SplitWeights.normalize(random.longs(n, 0, 1000).boxed().toList());
            int index = random.nextInt(n);
            int value = random.nextInt(131) - 15;
            List<Integer> next = SplitWeights.rebalance(weights, index, value);
            assertThat(SplitWeights.isBalanced(next)).as("%s moved %d to %d gave %s", weights, index, value, next).isTrue();
            assertThat(next.get(index)).isEqualTo(Math.clamp(Math.round(value / 5f), 0, 20) * 5);
        }
    }

    @Test
    void relativeWeightsBecomePercentagesInSteps() {
        assertThat(SplitWeights.normalize(List.of(1L, 1L))).containsExactly(50, 50);
        assertThat(SplitWeights.normalize(List.of(900L, 100L))).containsExactly(90, 10);
        assertThat(SplitWeights.normalize(List.of(1L, 1L, 1L))).containsExactly(35, 35, 30);
        assertThat(SplitWeights.normalize(List.of(0L, 0L))).containsExactly(50, 50);
        assertThat(SplitWeights.normalize(List.of(99L, 1L))).containsExactly(100, 0);
    }

    @Test
    void balanceCheck() {
        assertThat(SplitWeights.isBalanced(List.of(50, 50))).isTrue();
        assertThat(SplitWeights.isBalanced(List.of(52, 48))).isFalse();
        assertThat(SplitWeights.isBalanced(List.of(50, 45))).isFalse();
        assertThat(SplitWeights.isBalanced(List.of())).isFalse();
    }

    @Test
    void unknownSliderIsRefused() {
        assertThatThrownBy(() -> SplitWeights.rebalance(List.of(50, 50), 2, 10))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }
}
