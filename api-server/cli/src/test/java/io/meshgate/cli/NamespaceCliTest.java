package io.meshgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code meshgate namespace add|remove|list} against the real API server, and what it is for: after
 * {@code namespace add httpbin} the server's sidecar injector patches a pod of that namespace, after
 * {@code namespace remove} it no longer does (FSM demo 1.2's {@code fsm namespace add httpbin}).
 */
class NamespaceCliTest {
    private static final String POD_REVIEW = """
            {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u1",
             "kind":{"group":"","version":"v1","kind":"Pod"},"resource":{"group":"","version":"v1","resource":"pods"},
             "namespace":"%s","operation":"CREATE","object":{"apiVersion":"v1","kind":"Pod",
             "metadata":{"generateName":"httpbin-5b8b94b9-","labels":{"app":"httpbin"}},
             "spec":{"serviceAccountName":"httpbin","containers":[{"name":"httpbin","image":"flomesh/httpbin:ken"}]}}}}
            """;

    @TempDir
    static Path dir;
    static ApiFixture api;

    @BeforeAll
    static void start() {
        api = new ApiFixture(dir);
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    @Test
    void addLabelsAndAnnotatesSoPodsThereGetTheSidecarAndRemoveUndoesIt() throws Exception {
        assertThat(injected("httpbin")).isFalse();

        CliRun add = api.cli("namespace", "add", "httpbin");
        assertThat(add.status()).as(add.toString()).isZero();
        assertThat(add.outLines()).containsExactly("namespace/httpbin created",
                "Namespace [httpbin] successfully added to mesh [fsm]");
        JsonNode ns = Json.read(api.cli("get", "namespace", "httpbin", "-o", "json").out());
        assertThat(ns.at("/metadata/labels/flomesh.io~1monitored-by").asText()).isEqualTo("fsm");
        assertThat(ns.at("/metadata/annotations/flomesh.io~1sidecar-injection").asText()).isEqualTo("enabled");
        assertThat(injected("httpbin")).isTrue();

        CliRun again = api.cli("ns", "add", "httpbin");
        assertThat(again.status()).as(again.toString()).isZero();
        assertThat(again.outLines()).containsExactly("Namespace [httpbin] successfully added to mesh [fsm]");

        CliRun remove = api.cli("namespace", "remove", "httpbin");
        assertThat(remove.status()).as(remove.toString()).isZero();
        assertThat(remove.outLines()).containsExactly("Namespace [httpbin] successfully removed from mesh [fsm]");
        JsonNode after = Json.read(api.cli("get", "namespace", "httpbin", "-o", "json").out());
        assertThat(after.at("/metadata/labels/flomesh.io~1monitored-by").isMissingNode()).isTrue();
        assertThat(injected("httpbin")).isFalse();

        CliRun removeAgain = api.cli("namespace", "remove", "httpbin");
        assertThat(removeAgain.status()).isEqualTo(1);
        assertThat(removeAgain.err()).contains("Namespace [httpbin] already does not belong to any mesh");
    }

    @Test
    void anExistingNamespaceKeepsItsOwnLabelsAndAnotherMeshsNamespaceIsRefused() {
        assertThat(api.cliWithStdin("""
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: bookstore
                  labels: {team: books}
                """, "apply", "-f", "-").status()).isZero();
        CliRun add = api.cli("namespace", "add", "bookstore", "--disable-sidecar-injection");
        assertThat(add.status()).as(add.toString()).isZero();
        JsonNode ns = Json.read(api.cli("get", "namespace", "bookstore", "-o", "json").out());
        assertThat(ns.at("/metadata/labels/team").asText()).isEqualTo("books");
        assertThat(ns.at("/metadata/annotations/flomesh.io~1sidecar-injection").asText()).isEqualTo("disabled");

        CliRun other = api.cli("namespace", "add", "bookstore", "--mesh-name", "osm");
        assertThat(other.status()).isEqualTo(1);
        assertThat(other.err()).contains("Namespace [bookstore] already has [flomesh.io/monitored-by] set to [fsm]");
        CliRun wrongMesh = api.cli("namespace", "remove", "bookstore", "--mesh-name", "osm");
        assertThat(wrongMesh.status()).isEqualTo(1);
        assertThat(wrongMesh.err()).contains("Namespace belongs to mesh [fsm], not mesh [osm]");
    }

    @Test
    void listShowsTheMeshsNamespacesAndTheirInjection() {
        assertThat(api.cli("namespace", "add", "list-a", "list-b").status()).isZero();
        assertThat(api.cli("namespace", "add", "list-c", "--mesh-name", "other").status()).isZero();

        CliRun list = api.cli("namespace", "list", "--mesh-name", "other");
        assertThat(list.status()).as(list.toString()).isZero();
        assertThat(list.outLines()).containsExactly(
                "NAMESPACE   MESH    SIDECAR-INJECTION",
                "list-c      other   enabled");
        CliRun all = api.cli("namespace", "list");
        assertThat(all.outLines()).contains("list-a      fsm     enabled", "list-b      fsm     enabled");
        assertThat(api.cli("namespace", "list", "--mesh-name", "none").outLines())
                .containsExactly("No namespaces in mesh [none]");
    }

    @Test
    void theControlPlanesNamespaceAndKubeSystemAreRefusedBeforeAnythingChanges() {
        CliRun controlPlane = api.cli("namespace", "add", "refused-a", "fsm-system");
        assertThat(controlPlane.status()).isEqualTo(1);
        assertThat(controlPlane.err()).contains("Namespace [fsm-system] is the namespace of the control plane and"
                + " cannot be added to mesh [fsm]");
        assertThat(controlPlane.out()).isEmpty();
        // nothing was added, not even the namespace named before it
        assertThat(api.cli("get", "namespace", "refused-a").status()).isNotZero();

        CliRun kubeSystem = api.cli("namespace", "add", "kube-system");
        assertThat(kubeSystem.status()).isEqualTo(1);
        assertThat(kubeSystem.err()).contains("Namespace [kube-system] holds Kubernetes' own components");

        // a control plane installed elsewhere: that namespace is refused, fsm-system is an ordinary one
        CliRun elsewhere = api.cli("namespace", "add", "mesh-control", "--fsm-namespace", "mesh-control");
        assertThat(elsewhere.status()).isEqualTo(1);
        assertThat(elsewhere.err()).contains("Namespace [mesh-control] is the namespace of the control plane");
        CliRun ordinary = api.cli("namespace", "add", "fsm-system", "--fsm-namespace", "mesh-control");
        assertThat(ordinary.status()).as(ordinary.toString()).isZero();
        // out of the mesh again: the list test shares this server
        assertThat(api.cli("namespace", "remove", "fsm-system").status()).isZero();
    }

    @Test
    void aNamespaceIsRequired() {
        assertThat(api.cli("namespace", "add").status()).isEqualTo(2);
        assertThat(api.cli("namespace").status()).isEqualTo(2);
    }

    /** Whether the server's mutating webhook patches a new pod of {@code namespace}. */
    private static boolean injected(String namespace) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(api.url() + "/webhooks/inject")).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(POD_REVIEW.formatted(namespace))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode answer = Json.read(response.body()).get("response");
        assertThat(answer.get("allowed").asBoolean()).isTrue();
        return answer.has("patch");
    }
}
