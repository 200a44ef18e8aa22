package io.meshgate.console.forms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshgate.console.api.Json;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * The arithmetic of the canary weight sliders: weights are percentages in steps of {@value #STEP}
 * that always add up to {@value #TOTAL}. Moving one slider gives the remainder to the others in
 * proportion to what they had, so a 3-way split keeps its shape while one backend grows.
 */
public final class SplitWeights {
    public static final int STEP = 5;
    public static final int TOTAL = 100;
    private static final int UNITS = TOTAL / STEP;

    private SplitWeights() {}

    /**
     * Configured TrafficSplit weights (any non-negative integers: SMI weights are relative) as slider
     * positions. All zero (which the API refuses) is shown as an even split.
     */
    public static List<Integer> normalize(List<Long> weights) {
        List<Long> shares = new ArrayList<>();
        for (Long w : weights) {
            shares.add(w == null || w < 0 ? 0L : w);
        }
        return toPercent(apportion(UNITS, shares));
    }

    /**
     * Moves slider {@code index} to {@code value} (snapped to the nearest step, clamped to 0..100) and
     * rebalances the others so the total stays 100.
     *
     * @param current the sliders' positions (steps of 5 summing to 100)
     * @return the new positions, same order
     */
    public static List<Integer> rebalance(List<Integer> current, int index, int value) {
        if (index < 0 || index >= current.size()) {
            throw new IndexOutOfBoundsException("no slider " + index + " of " + current.size());
        }
        if (current.size() == 1) {
            return List.of(TOTAL);
        }
        int units = Math.clamp(Math.round(value / (float) STEP), 0, UNITS);
        List<Long> others = new ArrayList<>();
        for (int i = 0; i < current.size(); i++) {
            if (i != index) {
                others.add((long) Math.max(0, current.get(i)));
            }
        }
        List<Integer> otherUnits = apportion(UNITS - units, others);
        List<Integer> result = new ArrayList<>();
        int k = 0;
        for (int i = 0; i < current.size(); i++) {
            result.add(i == index ? units * STEP : otherUnits.get(k++) * STEP);
        }
        return List.copyOf(result);
    }

    /** Whether positions are valid slider positions: steps of 5, each 0..100, summing to 100. */
    public static boolean isBalanced(List<Integer> positions) {
        int sum = 0;
        for (int p : positions) {
            if (p < 0 || p > TOTAL || p % STEP != 0) {
                return false;
            }
            sum += p;
        }
        return !positions.isEmpty() && sum == TOTAL;
    }

    /**
     * The merge patch that gives a TrafficSplit's backends {@code weights} (same order): the whole
     * {@code spec.backends} list, since a merge patch replaces arrays, and the resourceVersion the
     * editor started from, so a split changed meanwhile is refused (409) instead of overwritten.
     */
    public static ObjectNode mergePatch(JsonNode split, List<Integer> weights) {
        JsonNode backends = split.path("spec").path("backends");
        if (backends.size() != weights.size()) {
            throw new IllegalArgumentException(weights.size() + " weights for " + backends.size() + " backends");
        }
        ObjectNode patch = Json.MAPPER.createObjectNode();
        patch.putObject("metadata").put("resourceVersion", split.path("metadata").path("resourceVersion").asText());
        ArrayNode list = patch.putObject("spec").putArray("backends");
        for (int i = 0; i < weights.size(); i++) {
            ObjectNode copy = backends.get(i).deepCopy();
            copy.put("weight", weights.get(i));
            list.add(copy);
        }
        return patch;
    }

    /**
     * Splits {@code units} whole units in proportion to {@code shares} by the largest-remainder
     * method (ties go to the earlier entry), or evenly when every share is zero.
     */
    static List<Integer> apportion(int units, List<Long> shares) {
        int n = shares.size();
        if (n == 0) {
            return List.of();
        }
        long total = shares.stream().mapToLong(Long::longValue).sum();
        List<Long> effective = total == 0 ? Collections.nCopies(n, 1L) : shares;
        long sum = total == 0 ? n : total;
        int[] whole = new int[n];
        double[] remainder = new double[n];
        int given = 0;
        for (int i = 0; i < n; i++) {
            double exact = (double) units * effective.get(i) / sum;
            whole[i] = (int) Math.floor(exact);
            remainder[i] = exact - whole[i];
            given += whole[i];
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingDouble((Integer i) -> -remainder[i]).thenComparing(i -> i));
        for (int k = 0; given < units; k++, given++) {
            whole[order.get(k % n)]++;
        }
        List<Integer> result = new ArrayList<>();
        for (int w : whole) {
            result.add(w);
        }
        return result;
    }

    private static List<Integer> toPercent(List<Integer> units) {
        return units.stream().map(u -> u * STEP).toList();
    }
}
