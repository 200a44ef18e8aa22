package io.meshgate.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Argument parsing, option resolution, manifests and kind lookup, without a server. */
class ParsingTest {
    @TempDir
    Path dir;

    private CliRun run(String... args) {
        return CliRun.run(Map.of(), dir, "", args);
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertThat(run().status()).isEqualTo(2);
        assertThat(run("frobnicate").status()).isEqualTo(2);
        assertThat(run("get").status()).isEqualTo(2);
        assertThat(run("get", "ingresses", "-o", "xml").err()).contains("unknown output format 'xml'");
        assertThat(run("apply").err()).contains("Missing required option: '--filename=FILE'");
        assertThat(run("delete", "ingress").status()).isEqualTo(2);
        assertThat(run("get", "ingress", "x", "-A").err()).contains("cannot be retrieved by name across all namespaces");
        assertThat(run("patch", "meshconfig", "m", "-p", "{}", "--type", "strategic-ish").status()).isEqualTo(2);
        assertThat(run("create", "secret", "tls", "x", "--cert", "a").status()).isEqualTo(2);
    }

    @Test
    void helpExitsWithZero() {
        CliRun help = run("--help");
        assertThat(help.status()).isZero();
        assertThat(help.out()).contains("apply", "get", "delete", "patch", "create", "audit", "revert");
    }

    @Test
    void aRefusedConnectionNamesTheServerWhereverTheFlagIsWritten() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        String url = "http://127.0.0.1:" + port;
        for (String[] args : List.of(new String[] {"--server", url, "get", "ingresses"},
                new String[] {"get", "ingresses", "--server", url})) {
            CliRun r = run(args);
            assertThat(r.status()).isEqualTo(1);
            assertThat(r.err()).startsWith("error: cannot connect to the Meshgate API at " + url + ": connection refused");
        }
        CliRun fromEnv = CliRun.run(Map.of("MESHGATE_SERVER", url), dir, "", "get", "ingresses");
        assertThat(fromEnv.err()).contains(url);
    }

    @Test
    void serverAndTokenComeFromFlagThenEnvironmentThenDefaults() throws IOException {
        CliContext bare = new CliContext(System.out, System.err, System.in, Map.of(), dir);
        CliContext env = new CliContext(System.out, System.err, System.in,
                Map.of("MESHGATE_SERVER", "http://env:1", "MESHGATE_TOKEN", "env-token"), dir);
        assertThat(Connection.server(null, bare)).isEqualTo("http://127.0.0.1:9091");
        assertThat(Connection.server(null, env)).isEqualTo("http://env:1");
        assertThat(Connection.server("http://flag:2", env)).isEqualTo("http://flag:2");
        assertThat(Connection.token(null, bare)).isNull();
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/admin.token"), "file-token\n");
        assertThat(Connection.token(null, bare)).isEqualTo("file-token");
        assertThat(Connection.token(null, env)).isEqualTo("env-token");
        assertThat(Connection.token("flag-token", env)).isEqualTo("flag-token");
    }

    @Test
    void manifestsSplitDocumentsAndExpandLists() {
        Manifest m = new Manifest("m.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: a}
                ---
                ---
                apiVersion: v1
                kind: List
                items:
                - {apiVersion: v1, kind: Secret, metadata: {name: b}}
                - {apiVersion: v1, kind: Secret, metadata: {name: c}}
                """);
        assertThat(m.isJson()).isFalse();
        assertThat(m.objects()).extracting(o -> o.path("metadata").path("name").asText()).containsExactly("a", "b", "c");
        assertThat(new Manifest("j", "  {\"kind\":\"Secret\"}").isJson()).isTrue();
    }

    @Test
    void aMissingManifestFileIsAFailureNotAUsageError() {
        CliRun r = run("apply", "-f", "nope.yaml");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("error: the path \"nope.yaml\" does not exist\n");
    }

    @Test
    void kindsResolveByPluralSingularKindOrQualifiedName() {
        KindCatalog catalog = KindCatalog.parse(Json.read("""
                {"resources":[
                  {"name":"ingresses","kind":"Ingress","namespaced":true,"group":"networking.k8s.io"},
                  {"name":"retries","kind":"Retry","namespaced":true,"group":"policy.flomesh.io"},
                  {"name":"namespaces","kind":"Namespace","namespaced":false,"group":""}]}"""));
        for (String name : List.of("ingresses", "ingress", "Ingress", "INGRESSES", "ingress.networking.k8s.io")) {
            assertThat(catalog.find(name)).as(name).map(KindRef::plural).hasValue("ingresses");
        }
        assertThat(catalog.find("retry")).map(KindRef::plural).hasValue("retries");
        assertThat(catalog.find("ns.wrong.group")).isEmpty();
        assertThat(catalog.resolve("Widgets").plural()).as("unknown names go to the server as typed").isEqualTo("widgets");
        assertThat(catalog.find("namespace")).map(KindRef::namespaced).hasValue(false);
        assertThat(catalog.qualifiedName("Retry")).isEqualTo("retry.policy.flomesh.io");
    }

    @Test
    void secretsAreBase64LikeKubectlAndDuplicateKeysAreRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("ca.crt"), "abc");
        CliContext ctx = new CliContext(System.out, System.err, System.in, Map.of(), dir);
        ObjectNode secret = new SecretBuilder("s", "ns").file("ca.crt", ctx).literal("k=v=w").build();
        assertThat(secret.path("data").path("ca.crt").asText()).isEqualTo("YWJj");
        assertThat(secret.path("data").path("k").asText()).isEqualTo("dj13");
        assertThat(secret.path("type").asText()).isEqualTo("Opaque");
        SecretBuilder dup = new SecretBuilder("s", "ns").literal("a=1");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> dup.literal("a=2"))
                .hasMessageContaining("another key by that name already exists");
    }

    @Test
    void createSecretTlsDryRunNeedsNoServerAndChecksThePem() throws IOException {
        Files.writeString(dir.resolve("c.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        Files.writeString(dir.resolve("k.pem"), "-----BEGIN PRIVATE KEY-----\nBBBB\n-----END PRIVATE KEY-----\n");
        CliRun ok = run("create", "secret", "tls", "t", "--cert=c.pem", "--key=k.pem", "--dry-run", "-o", "json");
        assertThat(ok.status()).as(ok.toString()).isZero();
        assertThat(Json.read(ok.out()).path("metadata").path("namespace").asText()).isEqualTo("default");
        CliRun swapped = run("create", "secret", "tls", "t", "--cert=k.pem", "--key=c.pem", "--dry-run");
        assertThat(swapped.status()).isEqualTo(1);
        assertThat(swapped.err()).isEqualTo("error: --cert k.pem holds no PEM CERTIFICATE\n");
    }
}
