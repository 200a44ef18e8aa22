package io.meshgate.sidecar.injector;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Golden files under {@code src/test/resources/golden/}: a missing file is written from what the code
 * produced and the test fails, so a new or deleted golden file is reviewed before it counts.
 */
final class Golden {
    private static final Path DIR = Path.of("src/test/resources/golden");

    private Golden() {}

    static void check(String name, JsonNode actual) {
        Path file = DIR.resolve(name);
        try {
            String text = Reviews.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(actual) + "\n";
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, text);
                fail("golden file " + file + " was missing and has been written: review it and run again");
            }
            assertThat(text).as("golden file " + file).isEqualTo(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
