package io.meshgate.sidecar.translator;

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
 * namespaced kind without a namespace is in {@code default}) translated for each workload
 * ({@code namespace/pod}, one a line) of {@code workloads.txt} must give exactly
 * {@code expected-config.<namespace>.<pod>.json}, and every workload's statuses must equal
 * {@code expected-status.json}: statuses never depend on the workload. A missing expected file is
 * written from the translator and the test fails, so a new case is always read by a person before
 * it passes.
 */
class SidecarTranslatorGoldenTest {
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
        SidecarInputs inputs = SidecarInputs.from(read(dir.resolve("input.yaml")));
        List<String> workloads = Files.readAllLines(dir.resolve("workloads.txt")).stream()
                .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        assertThat(workloads).as("workloads.txt names at least one workload").isNotEmpty();
        List<Path> written = new ArrayList<>();
        for (String line : workloads) {
            String[] parts = line.split("/", 2);
            Workload workload = new Workload(parts[0], parts[1]);
            String serviceAccount = SidecarTranslator.serviceAccount(inputs, workload).orElse("unused");
            SidecarTranslation translation = SidecarTranslator.translate(inputs, workload,
                    TestCertificates.of(workload.namespace(), serviceAccount));
            check(dir.resolve("expected-config." + workload.namespace() + "." + workload.pod() + ".json"),
                    GoldenFiles.config(translation), written);
            check(dir.resolve("expected-status.json"), GoldenFiles.statuses(translation), written);
        }
        if (!written.isEmpty()) {
            fail("wrote " + written + ": review them, then run again");
        }
    }

    /** The case's resources; namespaced kinds (and Pods, which the kind table may not list yet) default to {@code default}. */
    static List<Resource> read(Path file) throws IOException {
        return new ResourceCodec().parse(Files.readString(file)).stream()
                .map(r -> r.kind().equals("Pod") && r.namespace() == null
                        ? r.withMetadata(r.metadata().withNamespace("default")) : r.withDefaultNamespace("default"))
                .toList();
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
