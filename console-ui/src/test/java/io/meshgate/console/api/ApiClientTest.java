package io.meshgate.console.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgate.api.ApiServer;
import io.meshgate.api.ApiServerOptions;
import io.meshgate.db.Database;
import io.meshgate.db.DatabaseConfig;
import io.meshgate.db.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link ApiClient} against a real Helidon admin API on a free loopback port. */
class ApiClientTest {
    static final String ADMIN = "api-client-test-admin-token-0123456789";
    @TempDir
    static Path dir;
    static Database db;
    static ApiServer server;
    static HttpClient http;
    static ApiClient admin;
    static ApiClient editor;
    static ApiClient viewer;

    static final String WEB = """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: web
              namespace: shop
              labels: {app: web}
            spec:
              rules:
              - host: web.example.com
                http:
                  paths:
                  - path: /
                    pathType: Prefix
                    backend: {service: {name: web, port: {number: 80}}}
            """;

    @BeforeAll
    static void start() {
        db = Database.open(DatabaseConfig.h2File(dir));
        server = ApiServer.start(db, ApiServerOptions.of(0, dir).withAdminToken(ADMIN));
        http = ApiClient.newHttpClient();
        URI base = URI.create("http://127.0.0.1:" + server.port() + "/");
        admin = new ApiClient(http, base, ADMIN);
        editor = new ApiClient(http, base, db.tokens().create("client-editor", Role.EDITOR));
        viewer = new ApiClient(http, base, db.tokens().create("client-viewer", Role.VIEWER));
    }

    @AfterAll
    static void stop() {
        server.close();
        db.close();
    }

    static ApiKind kind(ApiClient api, String name) {
        return api.kinds().stream().filter(k -> k.kind().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void whoamiNamesTheTokenAndItsRole() {
        assertThat(viewer.whoami()).isEqualTo(new Whoami("client-viewer", "viewer"));
        assertThat(viewer.whoami().canEdit()).isFalse();
        assertThat(editor.whoami().canEdit()).isTrue();
        assertThat(admin.whoami().role()).isEqualTo("admin");
    }

    @Test
    void unknownTokenIsA401Problem() {
        ApiClient stranger = new ApiClient(http, admin.base(), "not-a-token");
        assertThatThrownBy(stranger::whoami).isInstanceOfSatisfying(ApiProblem.class,
                p -> assertThat(p.status()).isEqualTo(401));
    }

    @Test
    void discoveryListsKindsWithTheirScope() {
        ApiKind ingress = kind(viewer, "Ingress");
        assertThat(ingress.plural()).isEqualTo("ingresses");
        assertThat(ingress.namespaced()).isTrue();
        assertThat(kind(viewer, "MeshConfig").plural()).isNotBlank();
    }

    @Test
    void applyDryRunStoresNothingThenApplyGetListPatchDelete() {
        ApiKind ingress = kind(editor, "Ingress");
        String web = WEB.replace("namespace: shop", "namespace: crud");
        JsonNode dry = editor.apply(web.replace("name: web\n", "name: dry\n"), true);
        assertThat(dry.path("dryRun").asBoolean()).isTrue();
        assertThatThrownBy(() -> editor.get(ingress, "crud", "dry")).isInstanceOfSatisfying(ApiProblem.class,
                p -> assertThat(p.status()).isEqualTo(404));

        JsonNode applied = editor.apply(web, false);
        assertThat(applied.path("results").path(0).path("result").asText()).isEqualTo("created");
        JsonNode got = viewer.get(ingress, "crud", "web");
        assertThat(got.path("spec").path("rules").path(0).path("host").asText()).isEqualTo("web.example.com");
        assertThat(viewer.getYaml(ingress, "crud", "web")).contains("host: web.example.com");
        assertThat(viewer.list(ingress, "crud", "app=web")).extracting(o -> o.path("metadata").path("name").asText())
                .containsExactly("web");
        assertThat(viewer.list(ingress, null, "app=other")).isEmpty();

        com.fasterxml.jackson.databind.node.ObjectNode patch = ApiClient.object();
        patch.putObject("metadata").putObject("labels").put("tier", "front");
        JsonNode patched = editor.mergePatch(ingress, "crud", "web", patch);
        assertThat(patched.path("metadata").path("labels").path("tier").asText()).isEqualTo("front");

        editor.delete(ingress, "crud", "web");
        assertThat(viewer.list(ingress, "crud", null)).isEmpty();
    }

    @Test
    void putCreatesAndAStaleResourceVersionIsA409() {
        ApiKind ingress = kind(editor, "Ingress");
        editor.apply(WEB.replace("name: web\n", "name: put-me\n"), false);
        JsonNode stored = editor.get(ingress, "shop", "put-me");
        JsonNode changed = stored.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) changed.path("spec").path("rules").path(0))
                .put("host", "other.example.com");
        JsonNode after = editor.put(ingress, changed);
        assertThat(after.path("spec").path("rules").path(0).path("host").asText()).isEqualTo("other.example.com");
        // the same body again carries the old resourceVersion: a concurrent change is refused, not overwritten
        assertThatThrownBy(() -> editor.put(ingress, changed)).isInstanceOfSatisfying(ApiProblem.class,
                p -> assertThat(p.status()).isEqualTo(409));
    }

    @Test
    void validationErrorsComeBackAsFieldProblemsWithLines() {
        String bad = WEB.replace("name: web\n", "name: bad\n  annotations:\n"
                + "    pipy.ingress.kubernetes.io/rewrite-target-from: \"^/api(/\"\n"
                + "    pipy.ingress.kubernetes.io/rewrite-target-to: /\n");
        assertThatThrownBy(() -> editor.apply(bad, true)).isInstanceOfSatisfying(ApiProblem.class, p -> {
            assertThat(p.status()).isEqualTo(422);
            FieldProblem f = p.fieldProblems().stream()
                    .filter(x -> x.field().equals("metadata.annotations[pipy.ingress.kubernetes.io/rewrite-target-from]"))
                    .findFirst().orElseThrow();
            assertThat(f.message()).contains("RE2");
            assertThat(f.line()).isEqualTo(6);
        });
    }

    @Test
    void viewerWritesAreRefusedByTheApi() {
        assertThatThrownBy(() -> viewer.apply(WEB, false)).isInstanceOfSatisfying(ApiProblem.class,
                p -> assertThat(p.status()).isEqualTo(403));
    }

    @Test
    void auditShowsTheChangeAndRevertRestoresIt() {
        ApiKind ingress = kind(editor, "Ingress");
        editor.apply(WEB.replace("name: web\n", "name: audited\n"), false);
        editor.apply(WEB.replace("name: web\n", "name: audited\n").replace("web.example.com", "new.example.com"), false);
        AuditPage page = viewer.audit(new AuditFilter("Ingress", "shop", "audited", "client-editor", "update",
                null, null, 10, null));
        assertThat(page.items()).hasSize(1);
        long id = page.items().get(0).path("id").asLong();
        JsonNode entry = viewer.auditEntry(id);
        assertThat(entry.path("before").toString()).contains("web.example.com");
        assertThat(entry.path("after").toString()).contains("new.example.com");

        JsonNode reverted = editor.revert(id);
        assertThat(reverted.path("reverted").asLong()).isEqualTo(id);
        assertThat(editor.get(ingress, "shop", "audited").path("spec").path("rules").path(0).path("host").asText())
                .isEqualTo("web.example.com");
        assertThat(viewer.audit(AuditFilter.all().withLimit(1)).items().get(0).path("verb").asText()).isEqualTo("revert");
    }

    @Test
    void proxiesListTheirSyncState() {
        assertThat(viewer.proxies()).isInstanceOf(List.class);
    }

    @Test
    void unreachableApiIsStatusZero() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        ApiClient nowhere = new ApiClient(http, URI.create("http://127.0.0.1:" + closedPort), ADMIN);
        assertThatThrownBy(nowhere::whoami).isInstanceOfSatisfying(ApiProblem.class, p -> {
            assertThat(p.status()).isZero();
            assertThat(p.title()).contains("unreachable");
        });
    }
}
