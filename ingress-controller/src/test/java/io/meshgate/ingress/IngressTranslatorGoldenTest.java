package io.meshgate.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.meshgate.resources.Resource;
import io.meshgate.resources.ResourceCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every case under {@code src/test/resources/golden/<case>/}: {@code input.yaml} (resources; no
 * namespace means {@code default}) translated with the gateway on 0.0.0.0:8000/8443 must give exactly
 * {@code expected-config.json} and {@code expected-status.json}. A missing expected file is written
 * from the translator and the test fails, so a new case is always read by a person before it passes.
 */
class IngressTranslatorGoldenTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final IngressSettings SETTINGS =
            new IngressSettings("0.0.0.0", 8000, 8443, List.of("allowed.example.org"));

    static Stream<String> cases() throws IOException {
        try (Stream<Path> dirs = Files.list(GOLDEN)) {
            return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void translatesAsRecorded(String name) throws IOException {
        Path dir = GOLDEN.resolve(name);
        List<Resource> resources = new ResourceCodec().parse(Files.readString(dir.resolve("input.yaml")))
                .stream().map(r -> r.namespace() == null && !r.kind().equals("IngressClass")
                        ? r.withDefaultNamespace("default") : r).toList();
        IngressTranslation translation = IngressTranslator.translate(IngressInputs.from(resources), SETTINGS);
        check(dir.resolve("expected-config.json"), GoldenFiles.config(translation));
        check(dir.resolve("expected-status.json"), GoldenFiles.statuses(translation));
    }

    private static void check(Path expected, String actual) throws IOException {
        if (!Files.exists(expected)) {
            Files.writeString(expected, actual, StandardCharsets.UTF_8);
            fail("wrote " + expected + ": review it, then run again");
        }
        assertThat(actual).isEqualTo(Files.readString(expected));
    }
}
