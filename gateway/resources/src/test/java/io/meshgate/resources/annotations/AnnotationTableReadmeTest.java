package io.meshgate.resources.annotations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The annotation table in ingress-controller/README.md is the rendering of the code's table, so docs cannot drift. */
class AnnotationTableReadmeTest {
    private static final Path README = Path.of("ingress-controller", "README.md");

    @Test
    void theReadmeTableIsTheRenderingOfTheCodeTable() throws IOException {
        String readme = Files.readString(findFromWorkingDirectory(README));
        int start = readme.indexOf(AnnotationTableMarkdown.START);
        int end = readme.indexOf(AnnotationTableMarkdown.END);
        assertThat(start).as("README marker %s", AnnotationTableMarkdown.START).isNotNegative();
        assertThat(end).as("README marker %s", AnnotationTableMarkdown.END).isGreaterThan(start);
        String shown = readme.substring(start + AnnotationTableMarkdown.START.length(), end).strip() + "\n";

        String rendered = AnnotationTableMarkdown.render();
        assertThat(shown).as("the README's annotation table; replace it with:%n%n%s", rendered).isEqualTo(rendered);
    }

    @Test
    void everyAnnotationHasARow() {
        assertThat(AnnotationTableMarkdown.render().lines().skip(2))
                .hasSize(IngressAnnotationTable.ALL.size())
                .allSatisfy(line -> assertThat(line).startsWith("| `").endsWith(" |"));
    }

    /** The repository's file: tests run in the module directory, which sits somewhere below the root. */
    private static Path findFromWorkingDirectory(Path relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(relative))) {
                return dir.resolve(relative);
            }
        }
        throw new AssertionError(relative + " not found above " + Path.of("").toAbsolutePath());
    }
}
