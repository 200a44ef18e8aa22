package io.meshgate.egress.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EgressGatewayOptionsTest {

    @Test
    void defaultsAreFsmsGatewayNameAndAdminPort() {
        EgressGatewayOptions options = EgressGatewayOptions.parse(
                new String[] {"--server", "http://127.0.0.1:9091", "--token", "mgp_x"}, Map.of());
        assertThat(options.server()).isEqualTo(URI.create("http://127.0.0.1:9091"));
        assertThat(options.name()).isEqualTo("egress-gateway.fsm-system");
        assertThat(options.token()).isEqualTo("mgp_x");
        assertThat(options.caFile()).isNull();
        assertThat(options.adminAddress()).isEqualTo("127.0.0.1");
        assertThat(options.adminPort()).isEqualTo(6060);
        assertThat(options.dataDir()).isEqualTo(Path.of("egress-gateway-data"));
    }

    @Test
    void theEnvironmentFillsWhatNoFlagGivesAndFlagsWin() {
        Map<String, String> env = Map.of("MESHGATE_SERVER", "https://cp:9091", "MESHGATE_PROXY_TOKEN", "mgp_env",
                "MESHGATE_PROXY_NAME", "egress-gateway.other", "MESHGATE_CA_FILE", "/etc/mesh/ca.crt");
        EgressGatewayOptions fromEnv = EgressGatewayOptions.parse(new String[0], env);
        assertThat(fromEnv.server()).isEqualTo(URI.create("https://cp:9091"));
        assertThat(fromEnv.token()).isEqualTo("mgp_env");
        assertThat(fromEnv.name()).isEqualTo("egress-gateway.other");
        assertThat(fromEnv.caFile()).isEqualTo(Path.of("/etc/mesh/ca.crt"));

        EgressGatewayOptions flags = EgressGatewayOptions.parse(new String[] {"--server", "http://127.0.0.1:1",
                "--token", "mgp_flag", "--name", "gw", "--admin-port", "-1", "--admin-address", "0.0.0.0",
                "--data-dir", "/var/lib/gw"}, env);
        assertThat(flags.server()).isEqualTo(URI.create("http://127.0.0.1:1"));
        assertThat(flags.token()).isEqualTo("mgp_flag");
        assertThat(flags.name()).isEqualTo("gw");
        assertThat(flags.adminPort()).isEqualTo(-1);
        assertThat(flags.adminAddress()).isEqualTo("0.0.0.0");
        assertThat(flags.dataDir()).isEqualTo(Path.of("/var/lib/gw"));
    }

    @Test
    void badCommandLinesSayWhatIsWrong() {
        assertThatThrownBy(() -> EgressGatewayOptions.parse(new String[] {"--token", "t"}, Map.of()))
                .hasMessageContaining("--server").hasMessageContaining("MESHGATE_SERVER");
        assertThatThrownBy(() -> EgressGatewayOptions.parse(new String[] {"--server", "http://h:1"}, Map.of()))
                .hasMessageContaining("MESHGATE_PROXY_TOKEN").hasMessageContaining("MESHGATE_TOKEN_FILE");
        assertThatThrownBy(() -> EgressGatewayOptions.parse(new String[] {"--server", "ftp://h", "--token", "t"}, Map.of()))
                .hasMessageContaining("http:// or https://");
        assertThatThrownBy(() -> EgressGatewayOptions.parse(
                new String[] {"--server", "http://h:1", "--token", "t", "--admin-port", "70000"}, Map.of()))
                .hasMessageContaining("--admin-port");
        assertThatThrownBy(() -> EgressGatewayOptions.parse(
                new String[] {"--server", "http://h:1", "--token", "t", "--mode", "sock5"}, Map.of()))
                .hasMessageContaining("unknown argument '--mode'");
        assertThatThrownBy(() -> EgressGatewayOptions.parse(new String[] {"--server"}, Map.of()))
                .hasMessageContaining("needs a value");
        assertThatThrownBy(() -> EgressGatewayOptions.parse(
                new String[] {"--server", "http://h:1", "--server", "http://h:2", "--token", "t"}, Map.of()))
                .hasMessageContaining("given twice");
    }

    @Test
    void aServiceAccountTokenFileTakesThePlaceOfTheProxyToken(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("token");
        Files.writeString(file, "eyJhbGciOiJSUzI1NiJ9.e30.sig\n");
        EgressGatewayOptions fromEnv = EgressGatewayOptions.parse(new String[0],
                Map.of("MESHGATE_SERVER", "https://cp:9091", "MESHGATE_TOKEN_FILE", file.toString()));
        assertThat(fromEnv.tokenFile()).isEqualTo(file.toAbsolutePath());
        assertThat(fromEnv.token()).as("exchanged at start").isNull();
        assertThat(fromEnv.withToken("mgp_y").token()).isEqualTo("mgp_y");
        assertThat(fromEnv.withToken("mgp_y").toString()).doesNotContain("mgp_y");

        EgressGatewayOptions flag = EgressGatewayOptions.parse(
                new String[] {"--server", "http://h:1", "--token-file", file.toString()}, Map.of());
        assertThat(flag.tokenFile()).isEqualTo(file.toAbsolutePath());

        assertThatThrownBy(() -> EgressGatewayOptions.parse(
                new String[] {"--server", "http://h:1", "--token-file", file.toString(), "--token", "mgp_x"}, Map.of()))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> EgressGatewayOptions.parse(new String[] {"--server", "http://h:1"},
                Map.of("MESHGATE_TOKEN_FILE", dir.resolve("missing").toString())))
                .hasMessageContaining("MESHGATE_TOKEN_FILE").hasMessageContaining("does not exist");
        assertThatThrownBy(() -> EgressGatewayOptions.parse(
                new String[] {"--server", "http://h:1", "--token-file", dir.toString()}, Map.of()))
                .hasMessageContaining("directory");
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        assertThatThrownBy(() -> EgressGatewayOptions.parse(
                new String[] {"--server", "http://h:1", "--token-file", empty.toString()}, Map.of()))
                .hasMessageContaining("is empty");
    }

    @Test
    void helpIsAskedForWithDashH() {
        assertThat(EgressGatewayOptions.wantsHelp(new String[] {"--help"})).isTrue();
        assertThat(EgressGatewayOptions.wantsHelp(new String[] {"--server", "x"})).isFalse();
    }
}
