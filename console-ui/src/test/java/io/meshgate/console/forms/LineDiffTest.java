package io.meshgate.console.forms;

import org.junit.jupiter.api.Test;

import static io.meshgate.console.forms.LineDiff.Change.ADDED;
import static io.meshgate.console.forms.LineDiff.Change.REMOVED;
import static io.meshgate.console.forms.LineDiff.Change.SAME;
import static org.assertj.core.api.Assertions.assertThat;

class LineDiffTest {

    @Test
    void changedLineIsRemovedThenAddedBetweenCommonLines() {
        assertThat(LineDiff.diff("a\nb\nc\n", "a\nB\nc\n")).containsExactly(
                new LineDiff.Row("a", "a", SAME), new LineDiff.Row("", "B", ADDED),
                new LineDiff.Row("b", "", REMOVED), new LineDiff.Row("c", "c", SAME));
    }

    @Test
    void createdAndDeletedObjects() {
        assertThat(LineDiff.diff("", "x: 1\n")).containsExactly(new LineDiff.Row("", "x: 1", ADDED));
        assertThat(LineDiff.diff("x: 1", null)).containsExactly(new LineDiff.Row("x: 1", "", REMOVED));
    }
}
