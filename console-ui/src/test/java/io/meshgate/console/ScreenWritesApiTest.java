package io.meshgate.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshgate.console.api.ApiClient;
import io.meshgate.console.api.ApiKind;
import io.meshgate.console.api.ApiProblem;
import io.meshgate.console.api.Json;
import io.meshgate.console.forms.EgressDraft;
import io.meshgate.console.forms.IngressBackendDraft;
import io.meshgate.console.forms.MergePatches;
import io.meshgate.console.forms.MeshConfigSetting;
import io.meshgate.console.forms.SplitWeights;
import io.meshgate.console.metrics.LiveTraffic;
import io.meshgate.resources.MeshConfigDefaults;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writes of the TLS passthrough, IngressBackend, Egress, canary and MeshConfig screens, sent
 * through {@link ApiClient} to a real admin API exactly as the views send them, and read back.
 */
class ScreenWritesApiTest {
    @TempDir
    static Path dir;
    static TestStack stack;
    static ApiClient editor;
    static ApiClient viewer;

    @BeforeAll
    static void start() {
        stack = new TestStack(dir);
        editor = new ApiClient(ApiClient.newHttpClient(), stack.apiUrl(), stack.editorToken);
        viewer = new ApiClient(ApiClient.newHttpClient(), stack.apiUrl(), stack.viewerToken);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static ApiKind kind(String name) {
        return editor.kinds().stream().filter(k -> k.kind().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void meshConfigSwitchesAreMergePatchedAndReadBack() {
        ApiKind meshConfig = kind("MeshConfig");
        JsonNode stored = editor.get(meshConfig, MeshConfigDefaults.NAMESPACE, MeshConfigDefaults.NAME);
        Map<List<String>, JsonNode> desired = new LinkedHashMap<>();
        desired.put(MeshConfigSetting.RETRY.path(),
                BooleanNode.valueOf(!MeshConfigSetting.RETRY.effective(stored).asBoolean()));
        desired.put(MeshConfigSetting.PASSTHROUGH_PORT.path(), IntNode.valueOf(8443));
        ObjectNode patch = MergePatches.changes(stored, desired);
        editor.mergePatch(meshConfig, MeshConfigDefaults.NAMESPACE, MeshConfigDefaults.NAME, patch);
        JsonNode readBack = editor.get(meshConfig, MeshConfigDefaults.NAMESPACE, MeshConfigDefaults.NAME);
        assertThat(MergePatches.mismatches(readBack, desired)).isEmpty();
        // what the patch did not name is untouched
        assertThat(readBack.path("spec").path("traffic")).isEqualTo(stored.path("spec").path("traffic"));
    }

    @Test
    void aMistypedSettingComesBackAsAFieldError() {
        ObjectNode patch = MergePatches.set(MeshConfigSetting.PASSTHROUGH_PORT.path(), IntNode.valueOf(70000));
        assertThatThrownBy(() -> editor.mergePatch(kind("MeshConfig"), MeshConfigDefaults.NAMESPACE,
                MeshConfigDefaults.NAME, patch))
                .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.fieldProblems())
                        .extracting(f -> f.field()).contains(MeshConfigSetting.PASSTHROUGH_PORT.fieldPath()));
    }

    @Test
    void canaryWeightsArePatchedWithTheEditedVersion() {
        ApiKind splits = kind("TrafficSplit");
        editor.apply("""
                apiVersion: split.smi-spec.io/v1alpha4
                kind: TrafficSplit
                metadata: {name: web-split, namespace: shop}
                spec:
                  service: web
                  backends:
                  - {service: web-v1, weight: 9}
                  - {service: web-v2, weight: 1}
                """, false);
        JsonNode split = editor.get(splits, "shop", "web-split");
        List<Integer> weights = SplitWeights.rebalance(SplitWeights.normalize(List.of(9L, 1L)), 1, 25);
        assertThat(weights).containsExactly(75, 25);
        editor.mergePatch(splits, "shop", "web-split", SplitWeights.mergePatch(split, weights));
        JsonNode readBack = editor.get(splits, "shop", "web-split");
        assertThat(readBack.at("/spec/backends/0/weight").asInt()).isEqualTo(75);
        assertThat(readBack.at("/spec/backends/1/weight").asInt()).isEqualTo(25);
        assertThat(readBack.at("/spec/service").asText()).isEqualTo("web");
        // the editor's copy is now stale: a second apply from it is refused, not merged over the change
        assertThatThrownBy(() -> editor.mergePatch(splits, "shop", "web-split",
                SplitWeights.mergePatch(split, List.of(50, 50))))
                .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.status()).isEqualTo(409));
        assertThatThrownBy(() -> viewer.mergePatch(splits, "shop", "web-split",
                SplitWeights.mergePatch(readBack, List.of(50, 50))))
                .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.status()).isEqualTo(403));
    }

    @Test
    void metricsAreReadable() {
        assertThat(viewer.metrics()).contains("# TYPE meshgate_reconcile_seconds");
    }

    @Test
    void aSplitsLiveTrafficIsReadableByViewersAndSaysNoTrafficBeforeAnyRequest() {
        editor.apply("""
                apiVersion: split.smi-spec.io/v1alpha4
                kind: TrafficSplit
                metadata: {name: quiet, namespace: shop}
                spec:
                  service: quiet
                  backends:
                  - {service: quiet-v1, weight: 100}
                  - {service: quiet-v2, weight: 0}
                """, false);

        JsonNode traffic = viewer.splitTraffic("shop", "quiet");

        assertThat(traffic.path("window").asText()).isEqualTo("10s");
        assertThat(traffic.path("backends")).extracting(b -> b.path("service").asText()).containsExactly("quiet-v1", "quiet-v2");
        assertThat(traffic.path("backends")).extracting(b -> b.path("requestsPerSecond").asDouble()).containsExactly(0.0, 0.0);
        LiveTraffic live = LiveTraffic.of(traffic);
        assertThat(List.of(LiveTraffic.NO_TRAFFIC, LiveTraffic.MEASURING)).contains(live.backend("quiet-v1"));
        assertThatThrownBy(() -> viewer.splitTraffic("shop", "nope"))
                .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.status()).isEqualTo(404));
    }

    @Test
    void passthroughAnnotationsAreSetAndRemovedByMergePatch() {
        ApiKind ingresses = kind("Ingress");
        editor.apply("""
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: tls-app, namespace: shop, annotations: {keep: "me"}}
                spec:
                  rules:
                  - host: tls.example
                    http:
                      paths:
                      - {path: /, pathType: Prefix, backend: {service: {name: tls-app, port: {number: 443}}}}
                """, false);
        editor.mergePatch(ingresses, "shop", "tls-app", MergePatches.annotation("meshgate.io/tls-passthrough", "true"));
        JsonNode on = editor.get(ingresses, "shop", "tls-app");
        assertThat(on.at("/metadata/annotations").toString())
                .isEqualTo("{\"keep\":\"me\",\"meshgate.io/tls-passthrough\":\"true\"}");
        editor.mergePatch(ingresses, "shop", "tls-app", MergePatches.annotation("meshgate.io/tls-passthrough", null));
        JsonNode off = editor.get(ingresses, "shop", "tls-app");
        assertThat(off.at("/metadata/annotations").toString()).isEqualTo("{\"keep\":\"me\"}");
    }

    @Test
    void policyDraftsRoundTripThroughTheApi() {
        IngressBackendDraft ib = IngressBackendDraft.empty();
        ib.namespace = "shop";
        ib.name = "web";
        ib.backends.get(0).name = "web";
        ib.backends.get(0).port = "8080";
        ib.sources.get(0).name = "fsm-ingress";
        ib.sources.get(0).namespace = "fsm-system";
        JsonNode sent = ib.build().object();
        editor.put(kind("IngressBackend"), sent);
        JsonNode stored = editor.get(kind("IngressBackend"), "shop", "web");
        assertThat(stored.path("spec")).isEqualTo(sent.path("spec"));
        assertThat(IngressBackendDraft.from(stored).build().object().path("spec")).isEqualTo(sent.path("spec"));

        EgressDraft egress = EgressDraft.empty();
        egress.namespace = "shop";
        egress.name = "httpbin";
        egress.sources.get(0).name = "curl";
        egress.sources.get(0).namespace = "shop";
        egress.hosts = "httpbin.org, *.example.com";
        egress.ports.get(0).number = "443";
        egress.ports.get(0).protocol = "https";
        JsonNode egressSent = egress.build().object();
        editor.put(kind("Egress"), egressSent);
        assertThat(editor.get(kind("Egress"), "shop", "httpbin").path("spec")).isEqualTo(egressSent.path("spec"));
    }

    @Test
    void apiFieldErrorsOfADraftMapToItsFields() {
        IngressBackendDraft ib = IngressBackendDraft.empty();
        ib.namespace = "shop";
        ib.name = "bad";
        ib.backends.get(0).name = "web";
        ib.backends.get(0).port = "8080";
        ib.backends.get(0).protocol = "https";
        ib.sources.get(0).name = "fsm-ingress";
        ib.sources.get(0).namespace = "fsm-system";
        var built = ib.build();
        assertThatThrownBy(() -> editor.put(kind("IngressBackend"), built.object()))
                .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.fieldProblems())
                        .extracting(f -> built.targets().fieldFor(f.field()).orElse("?"))
                        .containsExactly("ib-source-0-kind"));
        assertThat(Json.write(built.object())).contains("\"protocol\":\"https\"");
    }
}
