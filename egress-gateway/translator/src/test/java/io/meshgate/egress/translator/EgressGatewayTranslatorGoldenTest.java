package io.meshgate.egress.translator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.meshgate.resources.Resource;
import io.meshgate.resources.ResourceCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every case under {@code src/test/resources/golden/<case>/}: {@code input.yaml} (resources; a
 * namespaced kind without a namespace is in {@code default}) must translate to exactly
 * {@code expected-config.json} and {@code expected-status.json}. A missing expected file is written from
 * the translator and the test fails, so a new case is always read by a person before it passes.
 */
class EgressGatewayTranslatorGoldenTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");

    static Stream<String> cases() throws IOException {
        try (Stream<Path> dirs = Files.list(GOLDEN)) {
            return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void translatesAsRecorded(String name) throws IOException {
        Path dir = GOLDEN.resolve(name);
        EgressGatewayInputs inputs = EgressGatewayInputs.from(read(dir.resolve("input.yaml")));
        EgressGatewayTranslation translation = EgressGatewayTranslator.translate(inputs, TestCertificates.gateway());
        List<Path> written = new ArrayList<>();
        check(dir.resolve("expected-config.json"), GoldenFiles.config(translation), written);
        check(dir.resolve("expected-status.json"), GoldenFiles.statuses(translation), written);
        if (!written.isEmpty()) {
            fail("wrote " + written + ": review them, then run again");
        }
    }

    static List<Resource> read(Path file) throws IOException {
        return new ResourceCodec().parse(Files.readString(file)).stream()
                .map(r -> r.withDefaultNamespace("default")).toList();
    }

    private static void check(Path expected, String actual, List<Path> written) throws IOException {
        if (!Files.exists(expected)) {
            Files.writeString(expected, actual, StandardCharsets.UTF_8);
            written.add(expected);
            return;
        }
        assertThat(actual).as(expected.toString()).isEqualTo(Files.readString(expected));
    }
}
