package io.meshgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI's Main, in-process, against the real API server on a free loopback port. Each test uses
 * its own namespace or object, so they share one server and one database.
 */
class CliEndToEndTest {
    @TempDir
    static Path dir;
    static ApiFixture api;
    static Path seedIngress;

    @BeforeAll
    static void start() throws IOException {
        api = new ApiFixture(dir);
        seedIngress = dir.resolve("ingress-httpbin.yaml");
        try (InputStream in = CliEndToEndTest.class.getResourceAsStream("/seed/ingress-httpbin.yaml")) {
            Files.write(seedIngress, in.readAllBytes());
        }
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    @Test
    void applyingTheSeedIngressCreatesThenLeavesItUnchanged() {
        CliRun first = api.cli("apply", "-f", seedIngress.toString());
        assertThat(first.status()).as(first.toString()).isZero();
        assertThat(first.outLines()).containsExactly(
                "ingress.networking.k8s.io/httpbin created",
                "ingressbackend.policy.flomesh.io/httpbin created");

        CliRun again = api.cli("apply", "-f", "ingress-httpbin.yaml"); // relative to the working directory
        assertThat(again.status()).as(again.toString()).isZero();
        assertThat(again.outLines()).containsExactly(
                "ingress.networking.k8s.io/httpbin unchanged",
                "ingressbackend.policy.flomesh.io/httpbin unchanged");
    }

    @Test
    void applyReadsStdinAndDryRunStoresNothing() {
        String yaml = """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: dry, namespace: stdin-ns}
                data: {a: b}
                """;
        CliRun dry = api.cliWithStdin(yaml, "apply", "-f", "-", "--dry-run");
        assertThat(dry.status()).as(dry.toString()).isZero();
        assertThat(dry.out()).isEqualTo("configmap/dry created (server dry run)\n");
        CliRun get = api.cli("get", "configmap", "dry", "-n", "stdin-ns");
        assertThat(get.status()).isEqualTo(1);
        assertThat(get.err()).startsWith("error: Not Found");

        CliRun real = api.cliWithStdin(yaml, "apply", "-f", "-");
        assertThat(real.out()).isEqualTo("configmap/dry created\n");
    }

    @Test
    void applyDashNPlacesObjectsThatNameNoNamespace() {
        // FSM's demos' `kubectl apply -n httpbin -f -` with manifests that name no namespace
        String yaml = """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: placed}
                data: {a: b}
                """;
        CliRun run = api.cliWithStdin(yaml, "apply", "-n", "apply-ns", "-f", "-");
        assertThat(run.status()).as(run.toString()).isZero();
        assertThat(api.cli("get", "configmap", "placed", "-n", "apply-ns").status()).isZero();
        assertThat(api.cli("get", "configmap", "placed").status()).isEqualTo(1);

        CliRun mismatch = api.cliWithStdin(yaml.replace("{name: placed}", "{name: placed, namespace: other}"),
                "apply", "-n", "apply-ns", "-f", "-");
        assertThat(mismatch.status()).isEqualTo(1);
        assertThat(mismatch.err()).contains("metadata.namespace");
    }

    @Test
    void getPrintsATableOrYamlAndAcceptsAnyKindSpelling() {
        apply("""
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: web, namespace: get-ns}
                spec:
                  ingressClassName: pipy
                  rules:
                  - host: web.example.com
                    http:
                      paths:
                      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
                """);
        for (String spelling : new String[] {"ingresses", "ingress", "Ingress", "INGRESS", "ingress.networking.k8s.io"}) {
            CliRun table = api.cli("get", spelling, "-n", "get-ns");
            assertThat(table.status()).as(spelling + "\n" + table).isZero();
            assertThat(table.outLines()).hasSize(2);
            assertThat(table.outLines().get(0)).matches("NAME\\s+NAMESPACE\\s+CLASS\\s+HOSTS\\s+AGE");
            assertThat(table.outLines().get(1)).matches("web\\s+get-ns\\s+pipy\\s+web\\.example\\.com\\s+\\d+\\w.*");
        }

        CliRun yaml = api.cli("-n", "get-ns", "get", "ingress", "web", "-o", "yaml"); // -n before the command
        assertThat(yaml.status()).as(yaml.toString()).isZero();
        assertThat(yaml.out()).startsWith("apiVersion: networking.k8s.io/v1\n").contains("kind: Ingress\n")
                .contains("  name: web\n").contains("  namespace: get-ns\n").contains("host: web.example.com");

        CliRun all = api.cli("get", "ingresses", "-A", "-o", "json");
        JsonNode list = Json.read(all.out());
        assertThat(list.path("kind").asText()).isEqualTo("List");
        assertThat(list.path("items").findValuesAsText("namespace")).contains("get-ns");

        CliRun none = api.cli("get", "ingresses", "-n", "empty-ns");
        assertThat(none.status()).isZero();
        assertThat(none.out()).isEmpty();
        assertThat(none.err()).isEqualTo("No resources found in empty-ns namespace.\n");
    }

    @Test
    void anUnknownKindShowsTheServersNotFoundProblem() {
        CliRun run = api.cli("get", "widgets");
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: Not Found: unknown resource type 'widgets'; known: ")
                .contains("ingresses");
    }

    @Test
    void patchMergesIntoTheMeshConfigAndAuditRevertRestoresIt() {
        // the command of FSM's demos; the default MeshConfig has permissive mode on
        assertThat(permissive()).isTrue();
        String[] seedPatch = {"patch", "meshconfig", "fsm-mesh-config", "-n", "fsm-system",
                "-p", "{\"spec\":{\"traffic\":{\"enablePermissiveTrafficPolicyMode\":false}}}", "--type=merge"};
        CliRun patch = api.cli(seedPatch);
        assertThat(patch.status()).as(patch.toString()).isZero();
        assertThat(patch.out()).isEqualTo("meshconfig.config.flomesh.io/fsm-mesh-config patched\n");
        assertThat(permissive()).isFalse();
        assertThat(api.cli(seedPatch).out()).isEqualTo("meshconfig.config.flomesh.io/fsm-mesh-config patched (no change)\n");

        CliRun audit = api.cli("audit", "--kind", "meshconfigs", "--name", "fsm-mesh-config", "--limit", "5");
        assertThat(audit.status()).as(audit.toString()).isZero();
        assertThat(audit.outLines().get(0)).matches("ID\\s+TIME\\s+ACTOR\\s+VERB\\s+KIND\\s+NAMESPACE/NAME\\s+VERSION");
        String newest = audit.outLines().get(1);
        assertThat(newest).contains(" update ").contains(" MeshConfig ").contains("fsm-system/fsm-mesh-config");
        String id = newest.split("\\s+")[0];

        CliRun show = api.cli("audit", "show", id);
        assertThat(show.status()).as(show.toString()).isZero();
        assertThat(show.out()).contains("Verb:     update").contains("Patch:\n")
                .contains("/spec/traffic/enablePermissiveTrafficPolicyMode");

        CliRun revert = api.cli("revert", id);
        assertThat(revert.status()).as(revert.toString()).isZero();
        assertThat(revert.out()).startsWith("reverted change " + id + ": meshconfig.config.flomesh.io/fsm-mesh-config");
        assertThat(permissive()).isTrue();

        CliRun reverts = api.cli("audit", "--verb", "revert", "-n", "fsm-system");
        assertThat(reverts.outLines()).hasSizeGreaterThan(1);
        assertThat(reverts.outLines().get(1)).contains(" revert ").contains("fsm-system/fsm-mesh-config");
    }

    private static boolean permissive() {
        CliRun get = api.cli("get", "meshconfig", "fsm-mesh-config", "-n", "fsm-system", "-o", "json");
        assertThat(get.status()).as(get.toString()).isZero();
        return Json.read(get.out()).path("spec").path("traffic").path("enablePermissiveTrafficPolicyMode").asBoolean(false);
    }

    @Test
    void createSecretTlsFromFilesStoresATlsSecret() throws Exception {
        Pem.Pair pair = Pem.selfSigned(dir.resolve("tls"), "example.com");
        CliRun dry = api.cli("create", "secret", "tls", "example-tls", "-n", "tls-ns", "--cert=" + pair.cert(),
                "--key=" + pair.key(), "--dry-run=client", "-o", "yaml");
        assertThat(dry.status()).as(dry.toString()).isZero();
        assertThat(dry.out()).contains("type: kubernetes.io/tls").contains("tls.crt: ").contains("tls.key: ");
        assertThat(api.cli("get", "secret", "example-tls", "-n", "tls-ns").status()).isEqualTo(1);

        CliRun create = api.cli("create", "secret", "tls", "example-tls", "-n", "tls-ns", "--cert", pair.cert().toString(),
                "--key", pair.key().toString());
        assertThat(create.status()).as(create.toString()).isZero();
        assertThat(create.out()).isEqualTo("secret/example-tls created\n");

        JsonNode secret = Json.read(api.cli("get", "secret", "example-tls", "-n", "tls-ns", "-o", "json").out());
        assertThat(secret.path("type").asText()).isEqualTo("kubernetes.io/tls");
        String crt = new String(java.util.Base64.getDecoder().decode(secret.path("data").path("tls.crt").asText()),
                StandardCharsets.US_ASCII);
        assertThat(crt).isEqualTo(Files.readString(pair.cert()));

        CliRun table = api.cli("get", "secrets", "-n", "tls-ns");
        assertThat(table.outLines().get(1)).matches("example-tls\\s+tls-ns\\s+kubernetes\\.io/tls\\s+2\\s+\\S+");

        CliRun again = api.cli("create", "secret", "tls", "example-tls", "-n", "tls-ns", "--cert", pair.cert().toString(),
                "--key", pair.key().toString());
        assertThat(again.status()).isEqualTo(1);
        assertThat(again.err()).isEqualTo("error: secrets \"example-tls\" already exists in namespace tls-ns\n");
    }

    @Test
    void createSecretGenericEncodesFilesAndLiterals() throws IOException {
        Path file = Files.writeString(dir.resolve("password.txt"), "s3cret");
        CliRun run = api.cli("create", "secret", "generic", "creds", "-n", "generic-ns", "--from-file=pw=" + file,
                "--from-literal=user=admin");
        assertThat(run.status()).as(run.toString()).isZero();
        JsonNode secret = Json.read(api.cli("get", "secret", "creds", "-n", "generic-ns", "-o", "json").out());
        assertThat(secret.path("type").asText()).isEqualTo("Opaque");
        assertThat(secret.path("data").path("pw").asText()).isEqualTo("czNjcmV0");
        assertThat(secret.path("data").path("user").asText()).isEqualTo("YWRtaW4=");
    }

    @Test
    void anInvalidDocumentShowsTheFieldAndNothingIsApplied() {
        CliRun run = api.cliWithStdin("""
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: bad, namespace: invalid-ns}
                spec:
                  rules:
                  - http:
                      paths:
                      - {path: /, pathType: Sideways, backend: {service: {name: web, port: {number: 80}}}}
                """, "apply", "-f", "-");
        assertThat(run.status()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.errLines().get(0)).startsWith("error: Unprocessable").contains("nothing was applied");
        assertThat(run.errLines()).anySatisfy(line -> assertThat(line).startsWith("  ").contains("pathType")
                .contains("(document 1, line "));
    }

    @Test
    void deleteByNameAndByFile() throws IOException {
        String yaml = """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: one, namespace: delete-ns}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: two, namespace: delete-ns}
                """;
        Path file = Files.writeString(dir.resolve("two-configmaps.yaml"), yaml);
        assertThat(api.cli("apply", "-f", file.toString()).status()).isZero();

        CliRun byName = api.cli("delete", "configmap", "one", "-n", "delete-ns");
        assertThat(byName.status()).as(byName.toString()).isZero();
        assertThat(byName.out()).isEqualTo("configmap \"one\" deleted\n");

        CliRun byFile = api.cli("delete", "-f", file.toString());
        assertThat(byFile.status()).as("'one' is already gone").isEqualTo(1);
        assertThat(byFile.out()).isEqualTo("configmap \"two\" deleted\n");
        assertThat(byFile.err()).contains("error: Not Found").contains("1 object(s) could not be deleted");

        CliRun ignoring = api.cli("delete", "-f", file.toString(), "--ignore-not-found");
        assertThat(ignoring.status()).as(ignoring.toString()).isZero();
    }

    @Test
    void aWrongTokenFailsWithTheUnauthorizedProblem() {
        CliRun run = CliRun.run(Map.of("MESHGATE_SERVER", api.url()), dir, "", "--token", "not-a-token", "get", "ingresses");
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: Unauthorized: unknown or expired token\n");
    }

    @Test
    void theTokenFileInTheWorkingDirectoryIsUsedWhenNoTokenIsGiven(@TempDir Path work) throws IOException {
        Files.createDirectories(work.resolve("data"));
        Files.writeString(work.resolve("data/admin.token"), ApiFixture.ADMIN_TOKEN + "\n");
        CliRun run = CliRun.run(Map.of(), work, "", "--server", api.url(), "get", "meshconfigs", "-n", "fsm-system");
        assertThat(run.status()).as(run.toString()).isZero();
        assertThat(run.out()).contains("fsm-mesh-config");

        CliRun without = CliRun.run(Map.of(), dir.resolve("nowhere"), "", "--server", api.url(), "get", "meshconfigs");
        assertThat(without.status()).isEqualTo(1);
        assertThat(without.err()).startsWith("error: Unauthorized: missing Authorization");
    }

    private static void apply(String yaml) {
        CliRun run = api.cliWithStdin(yaml, "apply", "-f", "-");
        assertThat(run.status()).as(run.toString()).isZero();
    }
}
