package io.meshgate.uitests;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Mesh workloads screen: two workloads registered the way sidecars do ({@code POST
 * /api/v1/workloads} with sidecar tokens; no sidecar process runs, the test plays the sidecars'
 * part of the config channel), one selected by a Service and in sync, the other not. Then, with
 * permissive mode off, a TrafficTarget admits one workload, the screen says so, and the
 * IngressBackend list shows the {@code Enforced} condition the control plane computes.
 */
@ExtendWith(ConsoleBrowserExtension.class)
class MeshWorkloadsTest {
    private static final String NS = "ui-mesh";
    private static final String MESH_CONFIG = "/api/v1/namespaces/fsm-system/meshconfigs/fsm-mesh-config";
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @Test
    void workloadsShowIdentityPhaseServicesSyncAndPolicy(Console console, MeshgateStack stack) {
        RestApi admin = stack.api();
        String storeProxy = register(admin, "bookstore", "bookstore-1", "10.77.0.5", "bookstore");
        String buyerProxy = register(admin, "bookbuyer", "bookbuyer-1", "10.77.0.6", "bookbuyer");
        admin.apply("""
                apiVersion: v1
                kind: Service
                metadata:
                  name: bookstore
                  namespace: %s
                spec:
                  selector:
                    app: bookstore
                  ports:
                  - name: http
                    port: 14001
                """.formatted(NS));
        // the endpoints controller derives Endpoints from the selected Pod: wait for it, so the
        // store's config no longer changes under the sync below
        await().atMost(DEADLINE).ignoreExceptions().untilAsserted(() -> assertThat(admin.object("endpoints", NS, "bookstore").ok()
                .path("subsets").path(0).path("addresses").path(0).path("ip").asText()).isEqualTo("10.77.0.5"));
        // the store's sidecar fetches and applies its config; the buyer's fetches and never reports
        runLatestConfig(admin, storeProxy);
        fetchConfig(admin, buyerProxy);

        // through the side navigation and the namespace filter, as a viewer (the screen only reads)
        console.signIn(stack.viewerToken()).open("");
        console.id("nav-workloads").click();
        console.page().waitForURL(url -> URI.create(url).getPath().equals("/workloads"));
        console.type("workloads-ns", NS);
        assertThat(console.page()).hasURL(Pattern.compile(".*[?&]ns=" + NS + ".*"));
        String store = "workload-ui-mesh-bookstore-1";
        String buyer = "workload-ui-mesh-bookbuyer-1";
        assertThat(console.id(store)).hasText(NS + "/bookstore-1");
        assertThat(console.id(buyer)).hasText(NS + "/bookbuyer-1");
        assertThat(console.id(store + "-identity")).hasText("bookstore." + NS + ".cluster.local");
        assertThat(console.id(buyer + "-identity")).hasText("bookbuyer." + NS + ".cluster.local");
        assertThat(console.id("workloads-grid")).containsText("service account bookbuyer");
        assertThat(console.id(buyer + "-ip")).hasText("10.77.0.6");
        assertThat(console.id(buyer + "-labels")).hasText("app=bookbuyer");
        assertThat(console.id(store + "-phase")).hasText("Running");
        assertThat(console.id(buyer + "-phase")).hasText("Running");
        assertThat(console.id(store + "-services")).hasText("bookstore");
        assertThat(console.id(buyer + "-services")).hasText("none");
        // a later reconcile pass may publish a newer config: the store's sidecar catches up, as a real
        // one would, and the screen is refreshed (Playwright runs on this thread only)
        await().atMost(DEADLINE).pollInSameThread().ignoreExceptions().untilAsserted(() -> {
            runLatestConfig(admin, storeProxy);
            console.id("workloads-refresh").click();
            assertThat(console.id(store + "-sync")).hasText("in sync",
                    new com.microsoft.playwright.assertions.LocatorAssertions.HasTextOptions().setTimeout(3000));
        });
        assertThat(console.id(buyer + "-sync")).hasText("not in sync");
        // the certificate's expiry when the proxies list reports it, else "unknown"
        assertThat(console.id(store + "-cert")).hasText(Pattern.compile("^(unknown|\\d+ (h|min) left)$"));
        assertThat(console.id(store + "-access")).hasText("permissive");
        assertThat(console.id("workloads-mode")).containsText("Permissive traffic policy mode is on");

        // the Overview counts the sidecars (of the whole stack: other tests may have added some)
        int sidecars = 0;
        int inSync = 0;
        for (JsonNode p : admin.get("/api/v1/proxies").ok().path("items")) {
            if (p.path("kind").asText().equals("sidecar")) {
                sidecars++;
                inSync += p.path("inSync").asBoolean() ? 1 : 0;
            }
        }
        console.open("");
        assertThat(console.id("overview-sidecars")).hasText(sidecars + " sidecars, " + inSync + " in sync");
        assertThat(sidecars).isGreaterThanOrEqualTo(2);
        console.screenshot(BrowserRun.SCREENSHOTS.resolve("overview-sidecars.png"));

        try {
            assertThat(admin.mergePatch(MESH_CONFIG, "{\"spec\":{\"traffic\":{\"enablePermissiveTrafficPolicyMode\":false}}}")
                    .status()).isEqualTo(200);
            admin.apply("""
                    apiVersion: access.smi-spec.io/v1alpha3
                    kind: TrafficTarget
                    metadata:
                      name: buyer-to-store
                      namespace: %1$s
                    spec:
                      destination:
                        kind: ServiceAccount
                        name: bookstore
                        namespace: %1$s
                      sources:
                      - kind: ServiceAccount
                        name: bookbuyer
                        namespace: %1$s
                      rules:
                      - kind: TCPRoute
                        name: bookstore-tcp
                    ---
                    apiVersion: specs.smi-spec.io/v1alpha4
                    kind: TCPRoute
                    metadata:
                      name: bookstore-tcp
                      namespace: %1$s
                    spec:
                      matches:
                        ports: [14001]
                    ---
                    apiVersion: policy.flomesh.io/v1alpha1
                    kind: IngressBackend
                    metadata:
                      name: bookstore
                      namespace: %1$s
                    spec:
                      backends:
                      - name: bookstore
                        port:
                          number: 14001
                          protocol: http
                      sources:
                      - kind: Service
                        name: fsm-ingress
                        namespace: fsm-system
                    """.formatted(NS));

            // the store's Pod runs a registered sidecar and permissive mode is off: enforced. The
            // reconciler writes statuses after it published the configs of the same pass, so from
            // here on the store's config holds the new policy: its sidecar catches up
            awaitEnforced(admin, "True");
            runLatestConfig(admin, storeProxy);
            console.open("workloads?ns=" + NS);
            assertThat(console.id("workloads-mode")).containsText("Permissive traffic policy mode is off");
            assertThat(console.id(store + "-sync")).hasText("in sync");
            assertThat(console.id(store + "-access")).hasText("SMI policies: 1 TrafficTarget admits it");
            assertThat(console.id(buyer + "-access")).hasText("SMI policies: no TrafficTarget admits it");
            console.id(store).click();
            assertThat(console.id(store + "-inbound"))
                    .containsText(NS + "/buyer-to-store: bookbuyer." + NS + ".cluster.local (TCPRoute bookstore-tcp)");
            console.id(buyer).click();
            assertThat(console.id(buyer + "-outbound"))
                    .containsText(NS + "/buyer-to-store: bookstore." + NS + ".cluster.local");
            console.waitForVaadin();
            console.screenshot(BrowserRun.SCREENSHOTS.resolve("mesh-workloads.png"));

            console.open("ingressbackends?ns=" + NS);
            assertThat(console.id("ib-enforced-ui-mesh-bookstore")).hasText("enforced");
        } finally {
            admin.mergePatch(MESH_CONFIG, "{\"spec\":{\"traffic\":{\"enablePermissiveTrafficPolicyMode\":true}}}").ok();
        }
        // the sidecars admit an IngressBackend's sources in both modes (permissive mode opens the
        // workload to mesh peers only), so the policy stays enforced with permissive mode back on
        awaitEnforced(admin, "True");
        console.open("ingressbackends?ns=" + NS);
        assertThat(console.id("ib-enforced-ui-mesh-bookstore")).hasText("enforced");
        console.screenshot(BrowserRun.SCREENSHOTS.resolve("ingressbackends-enforced.png"));
    }

    /**
     * A sidecar token for {@code serviceAccount}, then the workload registered with it, as the
     * sidecar does at start. Answers {@code "<proxy> <proxy token>"}.
     */
    private static String register(RestApi admin, String serviceAccount, String pod, String ip, String app) {
        String sidecarToken = admin.post("/api/v1/tokens", "application/json", RestApi.json(Map.of(
                "name", "ui-mesh-" + serviceAccount, "role", "sidecar", "namespace", NS,
                "serviceAccount", serviceAccount))).ok().path("token").asText();
        JsonNode registered = admin.as(sidecarToken).post("/api/v1/workloads", "application/json", RestApi.json(Map.of(
                "namespace", NS, "name", pod, "serviceAccount", serviceAccount, "podIP", ip,
                "labels", Map.of("app", app)))).ok();
        return registered.path("proxy").asText() + " " + registered.path("token").asText();
    }

    /** What a sidecar's config agent does first: fetch its config with its proxy token; the version. */
    private static String fetchConfig(RestApi admin, String proxyAndToken) {
        String[] p = proxyAndToken.split(" ");
        RestApi.Reply reply = await().atMost(DEADLINE).until(
                () -> admin.as(p[1]).get("/api/v1/proxies/" + p[0] + "/config"), r -> r.status() == 200);
        return reply.header("ETag").orElseThrow().replace("\"", "");
    }

    /** Fetches the config and reports it applied, as a sidecar that runs it. */
    private static void applyConfig(RestApi admin, String proxyAndToken) {
        String[] p = proxyAndToken.split(" ");
        String version = fetchConfig(admin, proxyAndToken);
        admin.as(p[1]).post("/api/v1/proxies/" + p[0] + "/status", "application/json",
                RestApi.json(Map.of("version", version, "applied", true))).ok();
    }

    /** Applies the config until the API says the proxy runs the latest one (it may change meanwhile). */
    private static void runLatestConfig(RestApi admin, String proxyAndToken) {
        String proxy = proxyAndToken.split(" ")[0];
        await().atMost(DEADLINE).ignoreExceptions().untilAsserted(() -> {
            applyConfig(admin, proxyAndToken);
            assertThat(admin.get("/api/v1/proxies/" + proxy).ok().path("inSync").asBoolean()).isTrue();
        });
    }

    private static void awaitEnforced(RestApi admin, String status) {
        await().atMost(DEADLINE).ignoreExceptions().untilAsserted(() -> {
            String seen = "";
            for (JsonNode c : admin.object("ingressbackends", NS, "bookstore").ok().path("status").path("conditions")) {
                if (c.path("type").asText().equals("Enforced")) {
                    seen = c.path("status").asText();
                }
            }
            assertThat(seen).isEqualTo(status);
        });
    }
}
