package io.meshgate.console.forms;

import java.util.ArrayList;
import java.util.List;

/**
 * A side-by-side line diff (longest common subsequence) of two texts, for the audit view's
 * before/after. Texts are YAML renderings of single objects, so the quadratic table stays small;
 * past {@link #MAX_LINES} lines per side the diff falls back to showing both sides unpaired.
 */
public final class LineDiff {
    static final int MAX_LINES = 2_000;

    /** What happened to a line. */
    public enum Change { SAME, REMOVED, ADDED }

    /**
     * One row of the side-by-side view.
     *
     * @param left   the line before ("" when added)
     * @param right  the line after ("" when removed)
     * @param change what the row shows
     */
    public record Row(String left, String right, Change change) { }

    private LineDiff() {}

    public static List<Row> diff(String before, String after) {
        List<String> a = lines(before);
        List<String> b = lines(after);
        List<Row> rows = new ArrayList<>();
        if (a.size() > MAX_LINES || b.size() > MAX_LINES) {
            a.forEach(l -> rows.add(new Row(l, "", Change.REMOVED)));
            b.forEach(l -> rows.add(new Row("", l, Change.ADDED)));
            return rows;
        }
        int[][] common = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                common[i][j] = a.get(i).equals(b.get(j)) ? common[i + 1][j + 1] + 1
                        : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                rows.add(new Row(a.get(i++), b.get(j++), Change.SAME));
            } else if (j < b.size() && (i == a.size() || common[i][j + 1] >= common[i + 1][j])) {
                rows.add(new Row("", b.get(j++), Change.ADDED));
            } else {
                rows.add(new Row(a.get(i++), "", Change.REMOVED));
            }
        }
        return rows;
    }

    private static List<String> lines(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        return List.of(text.split("\n", -1)).subList(0, text.endsWith("\n") ? text.split("\n", -1).length - 1
                : text.split("\n", -1).length);
    }
}
