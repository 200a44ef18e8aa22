package io.meshgate.standalone;

import io.meshgate.api.ApiClient;
import io.meshgate.api.TestServer;
import io.meshgate.api.ResourceApiTest;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StandaloneOptionsTest {
    @Test
    void defaults() {
        StandaloneOptions o = StandaloneOptions.parse(new String[0], Map.of());
        assertThat(o).isEqualTo(new StandaloneOptions(Path.of("./data"), 9091, 8000, 8443, "127.0.0.1", 15000, null)
                .withKernelWarmUp(java.time.Duration.ofSeconds(20)));
    }

    @Test
    void theKernelWarmUpFromFlagOrEnvironmentAndZeroTurnsItOff() {
        assertThat(StandaloneOptions.parse(new String[] {"--kernel-warm-up", "500ms"}, Map.of()).kernelWarmUp())
                .isEqualTo(java.time.Duration.ofMillis(500));
        assertThat(StandaloneOptions.parse(new String[0], Map.of("MESHGATE_KERNEL_WARM_UP", "0")).kernelWarmUp())
                .isZero();
        assertThat(StandaloneOptions.parse(new String[] {"--kernel-warm-up=PT30S"},
                Map.of("MESHGATE_KERNEL_WARM_UP", "0")).kernelWarmUp()).as("the flag wins").hasSeconds(30);
        assertThatThrownBy(() -> StandaloneOptions.parse(new String[] {"--kernel-warm-up", "soon"}, Map.of()))
                .hasMessageContaining("--kernel-warm-up must be a duration");
        assertThatThrownBy(() -> StandaloneOptions.parse(new String[] {"--kernel-warm-up", "-5s"}, Map.of()))
                .hasMessageContaining("--kernel-warm-up must not be negative");
    }

    @Test
    void theEmbeddedGatewayIsPublishedFromTheBindAndPublicAddressesAndPorts() {
        var bound = StandaloneOptions.parse(new String[] {"--bind", "10.201.0.2"}, Map.of()).embeddedGateway();
        assertThat(bound).isEqualTo(new io.meshgate.api.EmbeddedGateway("10.201.0.2", java.util.List.of("10.201.0.2"),
                8000, 8443));
        var behindLb = StandaloneOptions.parse(new String[] {"--bind", "10.201.0.2", "--public-address", "lb.example",
                "--http-port", "80"}, Map.of()).embeddedGateway();
        assertThat(behindLb).isEqualTo(new io.meshgate.api.EmbeddedGateway("lb.example",
                java.util.List.of("10.201.0.2"), 80, 8443));
        assertThat(StandaloneOptions.parse(new String[] {"--http-port", "0"}, Map.of()).embeddedGateway())
                .as("any free port: nothing to publish").isNull();
    }

    @Test
    void apiTlsFlagsAndEnvironment() {
        StandaloneOptions fromEnv = StandaloneOptions.parse(new String[0], Map.of("MESHGATE_API_TLS", "on",
                "MESHGATE_API_TLS_CERT", "/c.pem", "MESHGATE_API_TLS_KEY", "/k.pem"));
        assertThat(fromEnv.apiTls().mode()).isEqualTo(io.meshgate.api.ApiTlsMode.ON);
        assertThat(fromEnv.apiTls().certFile()).isEqualTo(Path.of("/c.pem"));
        assertThat(fromEnv.apiTrustFile()).isEqualTo(Path.of("/c.pem"));

        StandaloneOptions flags = StandaloneOptions.parse(new String[] {"--api-tls", "off", "--insecure-allow-plaintext",
                "--bind", "0.0.0.0"}, Map.of("MESHGATE_API_TLS", "on"));
        assertThat(flags.apiTls().mode()).isEqualTo(io.meshgate.api.ApiTlsMode.OFF);
        assertThat(flags.apiTls().insecureAllowPlaintext()).isTrue();
        assertThat(StandaloneOptions.parse(new String[0], Map.of()).apiTrustFile())
                .isEqualTo(Path.of("./data/ca/ca.crt"));

        assertThatThrownBy(() -> StandaloneOptions.parse(new String[] {"--api-tls", "maybe"}, Map.of()))
                .hasMessageContaining("auto, on or off");
        assertThatThrownBy(() -> StandaloneOptions.parse(new String[] {"--api-tls-cert", "/c.pem"}, Map.of()))
                .hasMessageContaining("--api-tls-key");
    }

    @Test
    void patchOperationLimitFromFlagOrEnvironment() {
        assertThat(StandaloneOptions.parse(new String[0], Map.of()).patchLimits().maxOperations()).isEqualTo(10_000);
        assertThat(StandaloneOptions.parse(new String[0], Map.of("MESHGATE_MAX_PATCH_OPERATIONS", "50"))
                .patchLimits().maxOperations()).isEqualTo(50);
        assertThat(StandaloneOptions.parse(new String[] {"--max-patch-operations", "7"},
                Map.of("MESHGATE_MAX_PATCH_OPERATIONS", "50")).patchLimits().maxOperations()).isEqualTo(7);
        assertThatThrownBy(() -> StandaloneOptions.parse(new String[] {"--max-patch-operations", "0"}, Map.of()))
                .hasMessageContaining("--max-patch-operations must be a whole number >= 1");
    }

    @Test
    void serviceCidrFromFlagOrEnvironment() {
        assertThat(StandaloneOptions.parse(new String[0], Map.of()).serviceCidr())
                .isEqualTo(io.meshgate.api.ServiceCidr.DEFAULT).hasToString("10.96.0.0/12");
        assertThat(StandaloneOptions.parse(new String[0], Map.of("MESHGATE_SERVICE_CIDR", "10.0.0.0/16"))
                .serviceCidr()).hasToString("10.0.0.0/16");
        assertThat(StandaloneOptions.parse(new String[] {"--service-cidr=fd00:10:96::/108"},
                Map.of("MESHGATE_SERVICE_CIDR", "10.0.0.0/16")).serviceCidr()).hasToString("fd00:10:96::/108");
        assertThatThrownBy(() -> StandaloneOptions.parse(new String[] {"--service-cidr", "10.96.0.1/12"}, Map.of()))
                .hasMessage("--service-cidr: service CIDR 10.96.0.1/12 has bits set after its prefix: did you mean"
                        + " 10.96.0.0/12?");
        assertThat(StandaloneOptions.USAGE).contains("--service-cidr CIDR", "MESHGATE_SERVICE_CIDR");
    }

    @Test
    void flagsWinOverEnvironment() {
        Map<String, String> env = Map.of("MESHGATE_DATA_DIR", "/env", "MESHGATE_API_PORT", "1111",
                "MESHGATE_HTTP_PORT", "2222", "MESHGATE_HTTPS_PORT", "3333", "MESHGATE_BIND", "0.0.0.0",
                "MESHGATE_ADMIN_TOKEN", "from-the-environment");
        StandaloneOptions fromEnv = StandaloneOptions.parse(new String[0], env);
        assertThat(fromEnv.dataDir()).isEqualTo(Path.of("/env"));
        assertThat(fromEnv.apiPort()).isEqualTo(1111);
        assertThat(fromEnv.httpPort()).isEqualTo(2222);
        assertThat(fromEnv.httpsPort()).isEqualTo(3333);
        assertThat(fromEnv.bind()).isEqualTo("0.0.0.0");
        assertThat(fromEnv.adminToken()).isEqualTo("from-the-environment");

        StandaloneOptions flags = StandaloneOptions.parse(
                new String[] {"--data-dir", "/flag", "--api-port=4444", "--bind", "127.0.0.2"}, env);
        assertThat(flags.dataDir()).isEqualTo(Path.of("/flag"));
        assertThat(flags.apiPort()).isEqualTo(4444);
        assertThat(flags.bind()).isEqualTo("127.0.0.2");
        assertThat(flags.httpPort()).isEqualTo(2222);
    }

    @Test
    void publicAddressAndHostsFile() {
        StandaloneOptions defaults = StandaloneOptions.parse(new String[] {"--bind", "0.0.0.0"}, Map.of());
        assertThat(defaults.publicAddress()).isNull();
        assertThat(defaults.effectivePublicAddress()).isEqualTo("127.0.0.1");
        assertThat(defaults.hostsFile()).isNull();
        assertThat(StandaloneOptions.parse(new String[] {"--bind", "127.0.0.3"}, Map.of()).effectivePublicAddress())
                .isEqualTo("127.0.0.3");

        Map<String, String> env = Map.of("MESHGATE_PUBLIC_ADDRESS", "gw.example.net", "MESHGATE_HOSTS_FILE", "/etc/mg-hosts");
        StandaloneOptions fromEnv = StandaloneOptions.parse(new String[0], env);
        assertThat(fromEnv.effectivePublicAddress()).isEqualTo("gw.example.net");
        assertThat(fromEnv.hostsFile()).isEqualTo(Path.of("/etc/mg-hosts"));
        StandaloneOptions flags = StandaloneOptions.parse(
                new String[] {"--public-address=192.0.2.10", "--hosts-file", "hosts.txt"}, env);
        assertThat(flags.effectivePublicAddress()).isEqualTo("192.0.2.10");
        assertThat(flags.hostsFile()).isEqualTo(Path.of("hosts.txt"));
    }

    @Test
    void badInputIsExplained() {
        assertThatThrownBy(() -> StandaloneOptions.parse(new String[] {"--api-port", "99999"}, Map.of()))
                .hasMessageContaining("--api-port");
        assertThatThrownBy(() -> StandaloneOptions.parse(new String[] {"--nope", "1"}, Map.of()))
                .hasMessageContaining("unknown flag --nope");
        assertThatThrownBy(() -> StandaloneOptions.parse(new String[] {"--bind"}, Map.of()))
                .hasMessageContaining("needs a value");
    }
}
