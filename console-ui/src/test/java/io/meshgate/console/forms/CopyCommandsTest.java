package io.meshgate.console.forms;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

class CopyCommandsTest {
    static final URI API = URI.create("http://127.0.0.1:9091");

    @Test
    void curlPostsToApplyAndReadsTheTokenFromTheEnvironment() {
        String curl = CopyCommands.curl(API, "kind: Ingress", true);
        assertThat(curl).startsWith("curl -sS -X POST 'http://127.0.0.1:9091/api/v1/apply?dryRun=true'")
                .contains("Bearer $MESHGATE_TOKEN").contains("application/yaml")
                .endsWith("kind: Ingress\nMESHGATE_EOF\n");
    }

    @Test
    void cliAppliesFromStandardInput() {
        assertThat(CopyCommands.cli(API, "kind: Ingress\n"))
                .isEqualTo("bin/meshgate --server 'http://127.0.0.1:9091' apply -f - <<'MESHGATE_EOF'\n"
                        + "kind: Ingress\nMESHGATE_EOF\n");
    }
}
