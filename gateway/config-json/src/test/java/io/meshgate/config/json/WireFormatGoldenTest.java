package io.meshgate.config.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.config.ProxyConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The wire format byte for byte: pretty, compact (with and without {@link ConfigFragments}) and redacted
 * text of {@link WireSamples} against files first written by the Jackson databind codec this module had
 * before (control planes hash this text and proxies compare it, so a changed byte is a changed config).
 * A missing file is written and the test fails: review it, then rerun.
 */
class WireFormatGoldenTest {
    private static final Path DIR = Path.of("src/test/resources/wire");

    private record Form(String suffix, Function<ProxyConfig, String> writer) {}

    private static final List<Form> FORMS = List.of(
            new Form("pretty.json", c -> ProxyConfigJson.write(c, false)),
            new Form("compact.json", ProxyConfigJson::writeCompact),
            new Form("redacted.json", c -> ProxyConfigJson.write(c, true)));

    @Test
    void everythingIsWrittenAsBefore() throws IOException {
        check("everything", WireSamples.everything());
    }

    @Test
    void keysInAnyStringAreRedactedAsBefore() throws IOException {
        check("keys-everywhere", WireSamples.keysEverywhere());
        assertThat(ProxyConfigJson.write(WireSamples.keysEverywhere(), true)).doesNotContain("PRIVATE KEY");
    }

    @Test
    void theEmptyConfigIsWrittenAsBefore() throws IOException {
        check("empty", WireSamples.empty());
    }

    @Test
    void aSmallIngressConfigIsWrittenAsBefore() throws IOException {
        check("ingress-3x4", WireSamples.large(3, 4));
    }

    @Test
    void aLargeIngressConfigIsWrittenAsBefore() throws IOException {
        ProxyConfig config = WireSamples.large(100, 20);
        StringBuilder digests = new StringBuilder();
        for (Form form : FORMS) {
            digests.append(form.suffix()).append(' ').append(sha256(form.writer().apply(config))).append('\n');
        }
        compare(DIR.resolve("ingress-100x20.sha256"), digests.toString());
        assertThat(ProxyConfigJson.writeCompact(config, new ConfigFragments()))
                .isEqualTo(ProxyConfigJson.writeCompact(config));
    }

    private static void check(String name, ProxyConfig config) throws IOException {
        for (Form form : FORMS) {
            compare(DIR.resolve(name + "." + form.suffix()), form.writer().apply(config));
        }
        ConfigFragments fragments = new ConfigFragments();
        String compact = Files.readString(DIR.resolve(name + ".compact.json"));
        assertThat(ProxyConfigJson.writeCompact(config, fragments)).isEqualTo(compact);
        assertThat(ProxyConfigJson.writeCompact(config, fragments)).as("from the fragments").isEqualTo(compact);
        assertThat(ProxyConfigJson.read(compact)).isEqualTo(config);
        assertThat(ProxyConfigJson.read(Files.readString(DIR.resolve(name + ".pretty.json")))).isEqualTo(config);
    }

    private static void compare(Path expected, String actual) throws IOException {
        if (!Files.exists(expected)) {
            Files.createDirectories(expected.getParent());
            Files.writeString(expected, actual);
            throw new AssertionError("wrote " + expected + ": review it and run again");
        }
        assertThat(actual).as(expected.toString()).isEqualTo(Files.readString(expected));
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
