package io.meshgate.sidecar.runtime;

import io.meshgate.proxy.BearerTokenSource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SidecarOptionsTest {
    private static final Map<String, String> INJECTED = Map.of("POD_NAME", "bookbuyer-7d9f", "POD_NAMESPACE", "bookbuyer",
            "POD_IP", "10.244.1.7", "SERVICE_ACCOUNT", "bookbuyer", "MESHGATE_TOKEN", "mgs_env");

    @Test
    void takesTheIdentityFromTheEnvironmentFsmsInjectorSets() {
        SidecarOptions o = SidecarOptions.parse(new String[] {"--server", "http://127.0.0.1:9091", "--labels", "app=bookbuyer,version=v1"}, INJECTED);
        assertThat(o.identity()).isEqualTo(new WorkloadIdentity("bookbuyer", "bookbuyer-7d9f", "bookbuyer", "10.244.1.7",
                Map.of("app", "bookbuyer", "version", "v1")));
        assertThat(o.identity().proxyName()).isEqualTo("sidecar.bookbuyer.bookbuyer-7d9f");
        assertThat(o.token()).isEqualTo("mgs_env");
        assertThat(o.adminAddress()).as("the control plane reads it on the pod IP").isEqualTo("0.0.0.0");
        assertThat(o.adminPort()).isEqualTo(15000);
        assertThat(o.prometheusAddress()).isEqualTo("0.0.0.0");
        assertThat(o.prometheusPort()).isEqualTo(15010);
        assertThat(o.dataDir()).isEqualTo(Path.of("sidecar-data", "bookbuyer", "bookbuyer-7d9f"));
        assertThat(o.caFile()).isNull();
    }

    @Test
    void flagsWinOverTheEnvironment() {
        SidecarOptions o = SidecarOptions.parse(new String[] {"--server", "https://cp.example:9091", "--token", "mgs_flag",
                "--pod-name", "httpbin-1", "--namespace", "httpbin", "--pod-ip", "fd00::7", "--service-account", "httpbin",
                "--ca-file", "/data/ca/ca.crt", "--admin-port", "-1", "--prometheus-port", "0", "--data-dir", "/var/lib/sc",
                "--io-threads", "1"}, INJECTED);
        assertThat(o.identity()).isEqualTo(new WorkloadIdentity("httpbin", "httpbin-1", "httpbin", "fd00::7", Map.of()));
        assertThat(o.token()).isEqualTo("mgs_flag");
        assertThat(o.caFile()).isEqualTo(Path.of("/data/ca/ca.crt"));
        assertThat(o.adminPort()).isEqualTo(-1);
        assertThat(o.prometheusPort()).isZero();
        assertThat(o.dataDir()).isEqualTo(Path.of("/var/lib/sc"));
        assertThat(o.ioThreads()).isEqualTo(1);
    }

    @Test
    void probeListenersOnlyWhenAskedFor() {
        assertThat(SidecarOptions.parse(new String[] {"--server", "http://127.0.0.1:9091"}, INJECTED).healthProbes())
                .isFalse();
        assertThat(SidecarOptions.parse(new String[] {"--server", "http://127.0.0.1:9091", "--health-probes", "true"},
                INJECTED).healthProbes()).isTrue();
        assertThatThrownBy(() -> SidecarOptions.parse(new String[] {"--server", "http://127.0.0.1:9091",
                "--health-probes", "yes"}, INJECTED)).hasMessageContaining("--health-probes must be true or false");
    }

    @Test
    void theHostsFileComesFromTheFlagOrTheEnvironmentAndIsNoneByDefault(@org.junit.jupiter.api.io.TempDir Path dir) {
        String[] server = {"--server", "http://127.0.0.1:9091"};
        assertThat(SidecarOptions.parse(server, INJECTED).hostsFile()).isNull();
        Map<String, String> env = new java.util.HashMap<>(INJECTED);
        env.put("MESHGATE_SIDECAR_HOSTS_FILE", "/etc/meshgate/hosts");
        assertThat(SidecarOptions.parse(server, env).hostsFile()).isEqualTo(Path.of("/etc/meshgate/hosts"));
        assertThat(SidecarOptions.parse(new String[] {"--server", "http://127.0.0.1:9091", "--hosts-file", "/tmp/h"}, env)
                .hostsFile()).as("the flag wins").isEqualTo(Path.of("/tmp/h"));
        assertThatThrownBy(() -> SidecarOptions.parse(new String[] {"--server", "http://127.0.0.1:9091", "--hosts-file",
                dir.toString()}, INJECTED)).hasMessageContaining("--hosts-file must be a file");
    }

    @Test
    void aMissingIdentityNamesTheVariableAndTheFlag() {
        String[] args = {"--server", "http://127.0.0.1:9091", "--token", "t"};
        assertThatThrownBy(() -> SidecarOptions.parse(args, Map.of()))
                .hasMessage("missing the namespace: set POD_NAMESPACE or pass --namespace");
        assertThatThrownBy(() -> SidecarOptions.parse(args, Map.of("POD_NAMESPACE", "ns")))
                .hasMessage("missing the pod name: set POD_NAME or pass --pod-name");
        assertThatThrownBy(() -> SidecarOptions.parse(args, Map.of("POD_NAMESPACE", "ns", "POD_NAME", "p")))
                .hasMessage("missing the service account: set SERVICE_ACCOUNT or pass --service-account");
        assertThatThrownBy(() -> SidecarOptions.parse(args, Map.of("POD_NAMESPACE", "ns", "POD_NAME", "p", "SERVICE_ACCOUNT", "sa")))
                .hasMessage("missing the pod IP: set POD_IP or pass --pod-ip");
        assertThatThrownBy(() -> SidecarOptions.parse(new String[] {"--server", "http://127.0.0.1:9091"}, Map.of()))
                .hasMessage("missing the sidecar token: set MESHGATE_TOKEN or pass --token, or name a token file with"
                        + " MESHGATE_TOKEN_FILE or --token-file");
        assertThatThrownBy(() -> SidecarOptions.parse(new String[0], INJECTED)).hasMessageContaining("pass --server URL");
    }

    @Test
    void refusesBadIdentitiesAndLabelsWithTheReason() {
        String[] server = {"--server", "http://127.0.0.1:9091"};
        assertThatThrownBy(() -> SidecarOptions.parse(server, with("POD_NAMESPACE", "book.buyer")))
                .hasMessageContaining("namespace 'book.buyer' is not a DNS label");
        assertThatThrownBy(() -> SidecarOptions.parse(server, with("POD_NAME", "Bookbuyer")))
                .hasMessageContaining("pod name 'Bookbuyer' is not a DNS subdomain");
        assertThatThrownBy(() -> SidecarOptions.parse(server, with("POD_IP", "10.244.1.300")))
                .hasMessage("pod IP '10.244.1.300' is not an IPv4 or IPv6 address");
        assertThatThrownBy(() -> SidecarOptions.parse(server, with("POD_IP", "pod.example")))
                .hasMessage("pod IP 'pod.example' is not an IPv4 or IPv6 address");
        assertThatThrownBy(() -> SidecarOptions.parse(new String[] {"--server", "http://cp:1", "--labels", "app"}, INJECTED))
                .hasMessage("--labels: 'app' is not key=value (e.g. app=bookbuyer,version=v1)");
        assertThatThrownBy(() -> SidecarOptions.parse(new String[] {"--server", "http://cp:1", "--labels", "app=-x"}, INJECTED))
                .hasMessageContaining("value '-x' of app must be");
        assertThatThrownBy(() -> SidecarOptions.parse(new String[] {"--server", "http://cp:1", "--labels", "a=1,a=2"}, INJECTED))
                .hasMessage("--labels: a given twice");
        assertThatThrownBy(() -> SidecarOptions.parse(new String[] {"--server", "http://cp:1", "--labels", "Example.com/app=x"}, INJECTED))
                .hasMessageContaining("prefix of 'Example.com/app'");
        assertThat(Labels.parse("app.kubernetes.io/name=bookbuyer, tier=")).containsEntry("app.kubernetes.io/name", "bookbuyer")
                .containsEntry("tier", "");
        assertThatThrownBy(() -> SidecarOptions.parse(new String[] {"--server", "cp:9091"}, INJECTED))
                .hasMessageContaining("http:// or https://");
        assertThatThrownBy(() -> SidecarOptions.parse(new String[] {"--server", "http://cp:1", "--admin-port", "http"}, INJECTED))
                .hasMessage("--admin-port must be a port 0..65535 or -1 (none), got 'http'");
        assertThatThrownBy(() -> SidecarOptions.parse(new String[] {"--server", "http://cp:1", "--name", "x"}, INJECTED))
                .hasMessage("unknown argument '--name'");
    }

    private static Map<String, String> with(String key, String value) {
        Map<String, String> env = new java.util.HashMap<>(INJECTED);
        env.put(key, value);
        return env;
    }

    private static final String CA = "-----BEGIN CERTIFICATE-----\nMIIBmeshgate\n-----END CERTIFICATE-----";

    @Test
    void onKubernetesTheTokenComesFromTheProjectedFileReadAgainForEveryRequest(@TempDir Path dir) throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln\n");
        Map<String, String> env = new HashMap<>(INJECTED);
        env.remove("MESHGATE_TOKEN");
        env.put("MESHGATE_TOKEN_FILE", token.toString());
        env.put("MESHGATE_CA_PEM", CA);
        SidecarOptions o = SidecarOptions.parse(new String[] {"--server", "https://fsm-controller.fsm-system.svc:9091",
                "--data-dir", dir.resolve("data").toString()}, env);
        assertThat(o.token()).isNull();
        assertThat(o.tokenFile()).isEqualTo(token);
        assertThat(o.tokenSource().current()).isEqualTo("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln");
        // the kubelet rotated it: the next request sends the new one
        Files.writeString(token, "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ5In0.bmV3");
        assertThat(o.tokenSource().current()).isEqualTo("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ5In0.bmV3");
        // the CA arrives as PEM text and is written where the HTTPS clients read a CA file
        Path trust = o.trustFile();
        assertThat(trust).isEqualTo(dir.resolve("data").resolve("mesh-ca.crt"));
        assertThat(Files.readString(trust)).isEqualTo(CA + "\n");
        // the flag works as the variable does
        assertThat(SidecarOptions.parse(new String[] {"--server", "http://127.0.0.1:9091", "--token-file", token.toString()},
                Map.of("POD_NAME", "p", "POD_NAMESPACE", "n", "POD_IP", "10.0.0.1", "SERVICE_ACCOUNT", "s")).tokenFile())
                .isEqualTo(token);
    }

    @Test
    void tokenFileErrorsSayWhatIsWrong(@TempDir Path dir) throws Exception {
        String[] server = {"--server", "http://127.0.0.1:9091"};
        Map<String, String> identity = Map.of("POD_NAME", "p", "POD_NAMESPACE", "n", "POD_IP", "10.0.0.1",
                "SERVICE_ACCOUNT", "s");
        Map<String, String> missing = new HashMap<>(identity);
        missing.put("MESHGATE_TOKEN_FILE", dir.resolve("absent").toString());
        assertThatThrownBy(() -> SidecarOptions.parse(server, missing)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MESHGATE_TOKEN_FILE").hasMessageContaining("absent").hasMessageContaining("does not exist");
        Map<String, String> empty = new HashMap<>(identity);
        empty.put("MESHGATE_TOKEN_FILE", Files.writeString(dir.resolve("empty"), "\n").toString());
        assertThatThrownBy(() -> SidecarOptions.parse(server, empty)).hasMessageContaining("is empty");
        Map<String, String> directory = new HashMap<>(identity);
        directory.put("MESHGATE_TOKEN_FILE", dir.toString());
        assertThatThrownBy(() -> SidecarOptions.parse(server, directory)).hasMessageContaining("directory");
        Map<String, String> both = new HashMap<>(identity);
        both.put("MESHGATE_TOKEN", "mgt_x");
        both.put("MESHGATE_TOKEN_FILE", Files.writeString(dir.resolve("t"), "eyJ.a.b").toString());
        assertThatThrownBy(() -> SidecarOptions.parse(server, both)).hasMessageContaining("not both");
        assertThatThrownBy(() -> SidecarOptions.parse(server, identity)).hasMessageContaining("MESHGATE_TOKEN_FILE")
                .hasMessageContaining("MESHGATE_TOKEN");
        Map<String, String> badPem = new HashMap<>(identity);
        badPem.put("MESHGATE_TOKEN", "mgt_x");
        badPem.put("MESHGATE_CA_PEM", "not a certificate");
        assertThatThrownBy(() -> SidecarOptions.parse(server, badPem)).hasMessageContaining("MESHGATE_CA_PEM");
        Map<String, String> twoCas = new HashMap<>(badPem);
        twoCas.put("MESHGATE_CA_PEM", CA);
        twoCas.put("MESHGATE_CA_FILE", "/etc/ca.crt");
        assertThatThrownBy(() -> SidecarOptions.parse(server, twoCas)).hasMessageContaining("not both");
        // a file that disappears after start stops the registration with its reason
        Path gone = Files.writeString(dir.resolve("gone"), "eyJ.a.b");
        BearerTokenSource source = BearerTokenSource.file(gone);
        Files.delete(gone);
        assertThatThrownBy(source::current).isInstanceOf(IllegalStateException.class).hasMessageContaining("gone");
    }
}
