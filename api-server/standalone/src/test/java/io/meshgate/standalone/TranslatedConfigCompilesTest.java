package io.meshgate.standalone;

import static org.assertj.core.api.Assertions.assertThatCode;

import io.meshgate.ingress.IngressInputs;
import io.meshgate.ingress.IngressSettings;
import io.meshgate.ingress.IngressTranslator;
import io.meshgate.kernel.filter.FilterRegistry;
import io.meshgate.kernel.runtime.RuntimeSnapshot;
import io.meshgate.resources.Resource;
import io.meshgate.resources.ResourceCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Defense in depth for the translator's guards: the config it makes from every golden input of the
 * ingress controller, bad ones included (two passthroughs for one host, server names that are IPs,
 * certificates that do not load), must compile in the gateway kernel. The kernel refuses a config
 * whole, so a translator that lets one Ingress through unchecked would stop every later change.
 * {@link RuntimeSnapshot#compile} is pure (no sockets), which is what makes this check cheap.
 */
class TranslatedConfigCompilesTest {
    private static final Path GOLDEN = Path.of("../../ingress-controller/src/test/resources/golden");
    private static final IngressSettings SETTINGS =
            new IngressSettings("0.0.0.0", 8000, 8443, List.of("allowed.example.org"));

    static Stream<String> cases() throws IOException {
        try (Stream<Path> dirs = Files.list(GOLDEN)) {
            return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theKernelCompilesWhatTheTranslatorMakes(String name) throws IOException {
        List<Resource> resources = new ResourceCodec().parse(Files.readString(GOLDEN.resolve(name).resolve("input.yaml")))
                .stream().map(r -> r.namespace() == null && !r.kind().equals("IngressClass")
                        ? r.withDefaultNamespace("default") : r).toList();
        var config = IngressTranslator.translate(IngressInputs.from(resources), SETTINGS).config();
        assertThatCode(() -> RuntimeSnapshot.compile(config, null, FilterRegistry.standard())).doesNotThrowAnyException();
    }
}
