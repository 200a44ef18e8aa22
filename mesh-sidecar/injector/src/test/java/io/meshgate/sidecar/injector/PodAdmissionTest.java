package io.meshgate.sidecar.injector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.meshgate.resources.JsonPatch;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mutating webhook's answers for the seed's httpbin pod (FSM demo 1.2: {@code fsm namespace add httpbin},
 * then the httpbin Deployment), a pod with every kind of probe, and each case that must pass unchanged.
 */
class PodAdmissionTest {
    private static final NamespaceFacts HTTPBIN = new NamespaceFacts("httpbin",
            Map.of("flomesh.io/monitored-by", "fsm", "kubernetes.io/metadata.name", "httpbin"),
            Map.of("flomesh.io/sidecar-injection", "enabled"));

    private final PodAdmission admission = new PodAdmission(new KubernetesSerialization());
    private final InjectionSettings settings = InjectionSettings.defaults();
    /** A CA certificate's shape: the injector passes it on as it is, public data only. */
    private static final String CA_PEM = "-----BEGIN CERTIFICATE-----\nMIIBmeshgateTestCa\n-----END CERTIFICATE-----\n";

    @Test
    void theSeedsHttpbinPodGetsTheSidecarTheInitContainerAndFsmsEnvironment() {
        JsonNode pod = Reviews.resource("/pods/httpbin.json");
        JsonNode response = answer(Reviews.create("7f0e4c54-httpbin", "Pod", "httpbin", pod), HTTPBIN,
                settings.withCaPem(CA_PEM));

        assertThat(response.get("uid").asText()).isEqualTo("7f0e4c54-httpbin");
        assertThat(response.get("allowed").asBoolean()).isTrue();
        assertThat(response.get("patchType").asText()).isEqualTo("JSONPatch");
        assertThat(response.path("auditAnnotations").path("injection").asText())
                .isEqualTo("injected: namespace httpbin is annotated flomesh.io/sidecar-injection: enabled");
        var patch = Reviews.patch(response);
        Golden.check("httpbin/patch.json", patch);

        JsonNode injected = JsonPatch.apply(pod, patch);
        JsonNode sidecar = injected.at("/spec/containers/1");
        assertThat(sidecar.get("name").asText()).isEqualTo("meshgate-sidecar");
        assertThat(sidecar.get("image").asText()).isEqualTo(InjectionSettings.DEFAULT_IMAGE);
        assertThat(env(sidecar)).containsEntry("POD_NAME", "fieldRef:metadata.name")
                .containsEntry("POD_NAMESPACE", "fieldRef:metadata.namespace")
                .containsEntry("POD_IP", "fieldRef:status.podIP")
                .containsEntry("SERVICE_ACCOUNT", "fieldRef:spec.serviceAccountName")
                .containsEntry("MESHGATE_TOKEN_FILE", "/var/run/secrets/meshgate/token")
                .containsEntry("MESHGATE_CA_PEM", CA_PEM)
                .doesNotContainKey("MESHGATE_TOKEN");
        // the pod's own service-account token, projected for Meshgate: no Secret for anyone to create
        assertThat(injected.toString()).doesNotContain("secretKeyRef", "\"secret\"");
        JsonNode token = injected.at("/spec/volumes").findParent("projected").at("/projected/sources/0/serviceAccountToken");
        assertThat(token.get("audience").asText()).isEqualTo(SidecarContainers.TOKEN_AUDIENCE).isEqualTo("meshgate");
        assertThat(token.get("expirationSeconds").asLong()).isEqualTo(3600);
        assertThat(token.get("path").asText()).isEqualTo("token");
        assertThat(sidecar.at("/volumeMounts").findParent("readOnly").get("mountPath").asText())
                .isEqualTo("/var/run/secrets/meshgate");
        assertThat(texts(sidecar.get("args"))).containsSubsequence("--labels", "app=httpbin,pod-template-hash=5b8b94b9")
                .as("no probes to answer").doesNotContain("--health-probes");
        JsonNode init = injected.at("/spec/initContainers/0");
        assertThat(init.get("name").asText()).isEqualTo("meshgate-init");
        assertThat(texts(init.get("command"))).containsExactly("meshgate");
        assertThat(texts(init.get("args"))).containsExactly("sidecar-init", "--proxy-uid", "1500");
        assertThat(texts(init.at("/securityContext/capabilities/add"))).containsExactly("NET_ADMIN");
        // the application container is untouched (no probes to rewrite)
        assertThat(injected.at("/spec/containers/0")).isEqualTo(pod.at("/spec/containers/0"));
    }

    @Test
    void probesAreRewrittenAsFsmDoesAndExclusionListsMergeThePodsWithTheMeshs() {
        JsonNode pod = Reviews.resource("/pods/bookstore-probes.json");
        NamespaceFacts bookstore = new NamespaceFacts("bookstore", Map.of("flomesh.io/monitored-by", "fsm"),
                Map.of("flomesh.io/sidecar-injection", "enabled", "flomesh.io/metrics", "enabled"));
        InjectionSettings withMesh = settings.withMeshConfig(Reviews.JSON.createObjectNode().set("traffic",
                Reviews.JSON.createObjectNode()
                        .set("outboundIPRangeExclusionList", Reviews.JSON.createArrayNode().add("10.244.0.1/32").add("10.96.0.1/32"))));

        JsonNode response = answer(Reviews.create("uid-probes", "Pod", "bookstore", pod), bookstore, withMesh);

        var patch = Reviews.patch(response);
        Golden.check("bookstore-probes/patch.json", patch);
        JsonNode injected = JsonPatch.apply(pod, patch);
        JsonNode app = injected.at("/spec/containers/0");
        assertThat(app.at("/livenessProbe/httpGet/port").asInt()).isEqualTo(15901);
        assertThat(app.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/fsm-healthcheck");
        assertThat(app.at("/livenessProbe/httpGet/httpHeaders").toString())
                .contains("\"Original-Http-Port\"").contains("\"14001\"").contains("\"/liveness\"");
        assertThat(app.at("/readinessProbe/tcpSocket").isMissingNode()).isTrue();
        assertThat(app.at("/readinessProbe/httpGet/port").asInt()).isEqualTo(15904);
        assertThat(app.at("/readinessProbe/timeoutSeconds").asInt()).isEqualTo(2);
        assertThat(app.at("/startupProbe/httpGet/port").asInt()).isEqualTo(15903);
        assertThat(app.at("/startupProbe/httpGet/scheme").asText()).isEqualTo("HTTP");
        assertThat(injected.at("/spec/containers/1/livenessProbe")).isEqualTo(pod.at("/spec/containers/1/livenessProbe"));
        assertThat(injected.at("/spec/initContainers/0/name").asText()).isEqualTo("migrate");
        assertThat(texts(injected.at("/spec/initContainers/1/args"))).containsExactly("sidecar-init", "--proxy-uid",
                "1500", "--outbound-ip-range-exclusion", "10.244.0.1/32,169.254.169.254/32,10.96.0.1/32",
                "--inbound-port-exclusion", "9090");
        assertThat(injected.at("/metadata/annotations/prometheus.io~1port").asText()).isEqualTo("15010");
        assertThat(texts(injected.at("/spec/containers/2/args"))).containsSubsequence("--health-probes", "true");
    }

    @Test
    void aPodAnnotationOverridesItsNamespaceBothWays() {
        ObjectNode optedOut = (ObjectNode) Reviews.resource("/pods/httpbin.json");
        ((ObjectNode) optedOut.get("metadata")).putObject("annotations").put("flomesh.io/sidecar-injection", "disabled");
        assertUnchanged(answer(Reviews.create("u1", "Pod", "httpbin", optedOut), HTTPBIN, settings),
                "not injected: the pod is annotated flomesh.io/sidecar-injection: disabled");

        ObjectNode optedIn = (ObjectNode) Reviews.resource("/pods/httpbin.json");
        ((ObjectNode) optedIn.get("metadata")).putObject("annotations").put("flomesh.io/sidecar-injection", "enabled");
        NamespaceFacts monitoredOnly = new NamespaceFacts("httpbin", Map.of("flomesh.io/monitored-by", "fsm"), Map.of());
        JsonNode response = answer(Reviews.create("u2", "Pod", "httpbin", optedIn), monitoredOnly, settings);
        assertThat(Reviews.patch(response)).isNotEmpty();
    }

    @Test
    void hostNetworkUnlabelledOtherMeshIgnoredAndAlreadyInjectedPodsPassUnchanged() {
        ObjectNode hostNetwork = (ObjectNode) Reviews.resource("/pods/httpbin.json");
        ((ObjectNode) hostNetwork.get("spec")).put("hostNetwork", true);
        assertUnchanged(answer(Reviews.create("u3", "Pod", "httpbin", hostNetwork), HTTPBIN, settings),
                "not injected: the pod uses the host's network (hostNetwork: true)");

        JsonNode pod = Reviews.resource("/pods/httpbin.json");
        assertUnchanged(answer(Reviews.create("u4", "Pod", "httpbin", pod), NamespaceFacts.unknown("httpbin"), settings),
                "not injected: namespace httpbin is not in a mesh (no label flomesh.io/monitored-by)");
        NamespaceFacts annotatedOnly = new NamespaceFacts("httpbin", Map.of(),
                Map.of("flomesh.io/sidecar-injection", "enabled"));
        assertUnchanged(answer(Reviews.create("u5", "Pod", "httpbin", pod), annotatedOnly, settings),
                "not injected: namespace httpbin is not in a mesh (no label flomesh.io/monitored-by)");
        NamespaceFacts otherMesh = new NamespaceFacts("httpbin", Map.of("flomesh.io/monitored-by", "osm"),
                HTTPBIN.annotations());
        assertUnchanged(answer(Reviews.create("u6", "Pod", "httpbin", pod), otherMesh, settings),
                "not injected: namespace httpbin is monitored by mesh osm, not fsm");
        NamespaceFacts ignored = new NamespaceFacts("httpbin",
                Map.of("flomesh.io/monitored-by", "fsm", "flomesh.io/ignore", "true"), HTTPBIN.annotations());
        assertUnchanged(answer(Reviews.create("u7", "Pod", "httpbin", pod), ignored, settings),
                "not injected: namespace httpbin is labelled flomesh.io/ignore");
        NamespaceFacts monitoredOnly = new NamespaceFacts("httpbin", Map.of("flomesh.io/monitored-by", "fsm"), Map.of());
        assertUnchanged(answer(Reviews.create("u8", "Pod", "httpbin", pod), monitoredOnly, settings),
                "not injected: namespace httpbin is not annotated flomesh.io/sidecar-injection: enabled");

        JsonNode once = JsonPatch.apply(pod, Reviews.patch(answer(Reviews.create("u9", "Pod", "httpbin", pod), HTTPBIN,
                settings)));
        assertUnchanged(answer(Reviews.create("u10", "Pod", "httpbin", once), HTTPBIN, settings),
                "not injected: the pod already has the meshgate-sidecar container");
    }

    @Test
    void otherKindsAndOperationsPassUnchanged() {
        JsonNode service = Reviews.JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Service");
        assertUnchanged(answer(Reviews.create("u11", "Service", "httpbin", service), HTTPBIN, settings),
                "not injected: not a Pod (Service)");
        JsonNode pod = Reviews.resource("/pods/httpbin.json");
        assertUnchanged(answer(Reviews.review("u12", "", "v1", "Pod", "httpbin", "UPDATE", pod), HTTPBIN, settings),
                "not injected: sidecars are injected when a pod is created, not on UPDATE");
    }

    @Test
    void anInvalidInjectionAnnotationOrExclusionListIsRefusedWithTheField() {
        ObjectNode pod = (ObjectNode) Reviews.resource("/pods/httpbin.json");
        ((ObjectNode) pod.get("metadata")).putObject("annotations").put("flomesh.io/sidecar-injection", "sometimes");
        JsonNode refused = answer(Reviews.create("u13", "Pod", "httpbin", pod), HTTPBIN, settings);
        assertThat(refused.get("allowed").asBoolean()).isFalse();
        assertThat(refused.at("/status/code").asInt()).isEqualTo(422);
        assertThat(refused.at("/status/details/causes/0/field").asText())
                .isEqualTo("metadata.annotations[flomesh.io/sidecar-injection]");
        assertThat(refused.at("/status/message").asText()).contains("'sometimes'");

        ObjectNode badCidr = (ObjectNode) Reviews.resource("/pods/httpbin.json");
        ((ObjectNode) badCidr.get("metadata")).putObject("annotations")
                .put("flomesh.io/outbound-ip-range-exclusion-list", "10.0.0.0/8,10.1.2.300/32");
        JsonNode refusedCidr = answer(Reviews.create("u14", "Pod", "httpbin", badCidr), HTTPBIN, settings);
        assertThat(refusedCidr.get("allowed").asBoolean()).isFalse();
        assertThat(refusedCidr.at("/status/details/causes/0/field").asText())
                .isEqualTo("metadata.annotations[flomesh.io/outbound-ip-range-exclusion-list]");
        assertThat(refusedCidr.at("/status/message").asText()).contains("'10.1.2.300/32'");
    }

    @Test
    void theSameRequestGivesTheSamePatch() {
        JsonNode pod = Reviews.resource("/pods/httpbin.json");
        JsonNode first = answer(Reviews.create("u15", "Pod", "httpbin", pod), HTTPBIN, settings);
        JsonNode second = answer(Reviews.create("u15", "Pod", "httpbin", pod), HTTPBIN, settings);
        assertThat(second).isEqualTo(first);
    }

    private JsonNode answer(ObjectNode review, NamespaceFacts namespace, InjectionSettings with) {
        AdmissionRequestView request = admission.reviews().read(Reviews.bytes(review));
        return Reviews.response(admission.review(request, name -> {
            assertThat(name).isEqualTo(namespace.name());
            return namespace;
        }, with));
    }

    private static void assertUnchanged(JsonNode response, String reason) {
        assertThat(response.get("allowed").asBoolean()).isTrue();
        assertThat(response.has("patch")).as("no patch").isFalse();
        assertThat(response.path("auditAnnotations").path("injection").asText()).isEqualTo(reason);
    }

    private static Map<String, String> env(JsonNode container) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (JsonNode e : container.get("env")) {
            String value = e.has("value") ? e.get("value").asText()
                    : e.at("/valueFrom/fieldRef").isObject() ? "fieldRef:" + e.at("/valueFrom/fieldRef/fieldPath").asText()
                    : "secret:" + e.at("/valueFrom/secretKeyRef/name").asText() + "/"
                    + e.at("/valueFrom/secretKeyRef/key").asText();
            out.put(e.get("name").asText(), value);
        }
        return out;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
