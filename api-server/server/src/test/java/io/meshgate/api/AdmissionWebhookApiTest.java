package io.meshgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshgate.resources.JsonPatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /webhooks/inject} and {@code POST /webhooks/validate} on a real API server, with the
 * AdmissionReview JSON a Kubernetes API server sends and no token (it sends none): the seed's httpbin
 * pod in a namespace added to the mesh comes back patched; a bad Ingress is refused with the field path
 * the REST API's problem document names for the same object.
 */
class AdmissionWebhookApiTest {
    private static final String HTTPBIN_NAMESPACE = """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: httpbin
              labels: {flomesh.io/monitored-by: fsm}
              annotations: {flomesh.io/sidecar-injection: enabled}
            """;
    /** The pod the ReplicaSet of the seed's httpbin Deployment (FSM demo 1.2) creates. */
    private static final String HTTPBIN_POD = """
            {"apiVersion":"v1","kind":"Pod","metadata":{"generateName":"httpbin-5b8b94b9-","namespace":"httpbin",
             "labels":{"app":"httpbin","pod-template-hash":"5b8b94b9"}},
             "spec":{"serviceAccountName":"httpbin","containers":[{"name":"httpbin","image":"flomesh/httpbin:ken",
             "command":["gunicorn","-b","0.0.0.0:14001","httpbin:app","-k","gevent"],
             "ports":[{"containerPort":14001,"protocol":"TCP"}]}]}}
            """;
    private static final String BAD_INGRESS = """
            {"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"httpbin","namespace":"httpbin"},
             "spec":{"ingressClassName":"pipy","rules":[{"host":"httpbin.org","http":{"paths":[
             {"path":"/","pathType":"Regex","backend":{"service":{"name":"httpbin","port":{"number":70000}}}}]}}]}}
            """;
    private static final String GOOD_INGRESS = """
            {"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"httpbin","namespace":"httpbin"},
             "spec":{"ingressClassName":"pipy","rules":[{"host":"httpbin.org","http":{"paths":[
             {"path":"/","pathType":"Prefix","backend":{"service":{"name":"httpbin","port":{"number":14001}}}}]}}]}}
            """;

    @TempDir
    static Path dir;
    static TestServer t;

    @BeforeAll
    static void start() {
        t = new TestServer(dir);
        assertThat(t.editor.post("/api/v1/apply", "application/yaml", HTTPBIN_NAMESPACE).statusCode()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    @Test
    void theHttpbinPodComesBackWithTheSidecarTheInitContainerAndFsmsEnvironment() {
        JsonNode pod = Jsons.read(HTTPBIN_POD);
        JsonNode answer = review("/webhooks/inject", "u-httpbin", "", "v1", "Pod", "httpbin", pod);

        assertThat(answer.get("uid").asText()).isEqualTo("u-httpbin");
        assertThat(answer.get("allowed").asBoolean()).isTrue();
        assertThat(answer.get("patchType").asText()).isEqualTo("JSONPatch");
        JsonNode injected = JsonPatch.apply(pod, patch(answer));
        assertThat(names(injected.at("/spec/containers"))).containsExactly("httpbin", "meshgate-sidecar");
        assertThat(names(injected.at("/spec/initContainers"))).containsExactly("meshgate-init");
        assertThat(injected.at("/spec/initContainers/0/securityContext/capabilities/add/0").asText()).isEqualTo("NET_ADMIN");
        assertThat(names(injected.at("/spec/containers/1/env"))).contains("POD_NAME", "POD_NAMESPACE", "POD_IP",
                "SERVICE_ACCOUNT");
        assertThat(injected.at("/spec/containers/1/env").toString()).contains("\"fieldPath\":\"status.podIP\"");
        // credentials without a Secret: the pod's projected service-account token, and the mesh CA this API serves
        JsonNode env = injected.at("/spec/containers/1/env");
        String caPem = t.viewer.get("/api/v1/ca?output=pem").body();
        assertThat(env).anySatisfy(e -> {
            assertThat(e.path("name").asText()).isEqualTo("MESHGATE_CA_PEM");
            assertThat(e.path("value").asText().strip()).isEqualTo(caPem.strip());
        });
        assertThat(env).anySatisfy(e -> assertThat(e.path("name").asText() + "=" + e.path("value").asText())
                .isEqualTo("MESHGATE_TOKEN_FILE=/var/run/secrets/meshgate/token"));
        assertThat(injected.toString()).doesNotContain("secretKeyRef").doesNotContain("BEGIN PRIVATE KEY")
                .contains("\"audience\":\"meshgate\"");
    }

    @Test
    void theMeshConfigsSidecarImageIsTheImageInjected() {
        try {
            assertThat(t.editor.patch("/api/v1/namespaces/fsm-system/meshconfigs/fsm-mesh-config",
                    "application/merge-patch+json", "{\"spec\":{\"sidecar\":{\"sidecarImage\":\"registry.example/meshgate:9\"}}}")
                    .statusCode()).isEqualTo(200);
            JsonNode pod = Jsons.read(HTTPBIN_POD);
            JsonNode injected = JsonPatch.apply(pod, patch(review("/webhooks/inject", "u-img", "", "v1", "Pod",
                    "httpbin", pod)));
            assertThat(injected.at("/spec/containers/1/image").asText()).isEqualTo("registry.example/meshgate:9");
        } finally {
            t.editor.patch("/api/v1/namespaces/fsm-system/meshconfigs/fsm-mesh-config", "application/merge-patch+json",
                    "{\"spec\":{\"sidecar\":{\"sidecarImage\":null}}}");
        }
    }

    @Test
    void aPodOfANamespaceOutsideTheMeshIsAllowedWithoutAPatch() {
        ObjectNode pod = (ObjectNode) Jsons.read(HTTPBIN_POD);
        ((ObjectNode) pod.get("metadata")).put("namespace", "elsewhere");
        JsonNode answer = review("/webhooks/inject", "u-out", "", "v1", "Pod", "elsewhere", pod);
        assertThat(answer.get("allowed").asBoolean()).isTrue();
        assertThat(answer.has("patch")).isFalse();
        assertThat(answer.at("/auditAnnotations/injection").asText()).contains("not in a mesh");
    }

    @Test
    void aBadIngressIsRefusedWithTheFieldPathsTheRestApiNames() {
        HttpResponse<String> rest = t.editor.post("/api/v1/apply?dryRun=true", "application/json", BAD_INGRESS);
        assertThat(rest.statusCode()).isEqualTo(422);
        List<String> restFields = new ArrayList<>();
        ApiClient.json(rest).get("errors").forEach(e -> restFields.add(e.get("field").asText()));
        assertThat(restFields).contains("spec.rules[0].http.paths[0].pathType");

        JsonNode answer = review("/webhooks/validate", "u-bad", "networking.k8s.io", "v1", "Ingress", "httpbin",
                Jsons.read(BAD_INGRESS));

        assertThat(answer.get("allowed").asBoolean()).isFalse();
        assertThat(answer.at("/status/code").asInt()).isEqualTo(422);
        List<String> causes = new ArrayList<>();
        answer.at("/status/details/causes").forEach(c -> causes.add(c.get("field").asText()));
        assertThat(causes).containsExactlyElementsOf(restFields);
        assertThat(answer.at("/status/message").asText()).startsWith("Ingress \"httpbin\" is invalid: ")
                .contains(restFields.get(0));
        // nothing was stored: a webhook never writes
        assertThat(t.viewer.get("/api/v1/namespaces/httpbin/ingresses/httpbin").statusCode()).isEqualTo(404);
    }

    /** What the API server really sends: server metadata, kubectl's annotation, managedFields, an empty status. */
    @Test
    void aGoodIngressWithTheServerMetadataAnApiServerAddsIsAllowed() {
        ObjectNode ingress = (ObjectNode) Jsons.read(GOOD_INGRESS);
        ObjectNode metadata = (ObjectNode) ingress.get("metadata");
        metadata.put("uid", "6f1c1a0e-2b8e-4d57-9a43-0d9a1c3f6b21").put("resourceVersion", "48213")
                .put("generation", 2).put("creationTimestamp", "2026-12-06T20:00:00Z");
        metadata.putObject("annotations").put("kubectl.kubernetes.io/last-applied-configuration", GOOD_INGRESS + "\n");
        metadata.putArray("managedFields").addObject().put("manager", "kubectl-client-side-apply")
                .put("operation", "Update").put("apiVersion", "networking.k8s.io/v1").put("time", "2026-12-06T20:00:00Z")
                .put("fieldsType", "FieldsV1").putObject("fieldsV1").putObject("f:spec");
        ingress.putObject("status").putObject("loadBalancer");
        JsonNode answer = review("/webhooks/validate", "u-real", "networking.k8s.io", "v1", "Ingress", "httpbin",
                ingress);
        assertThat(answer.get("allowed").asBoolean()).as(answer.toString()).isTrue();
    }

    @Test
    void aGoodIngressAndKindsThisApiDoesNotServeAreAllowed() {
        assertThat(review("/webhooks/validate", "u-good", "networking.k8s.io", "v1", "Ingress", "httpbin",
                Jsons.read(GOOD_INGRESS)).get("allowed").asBoolean()).isTrue();
        JsonNode deployment = Jsons.read("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"spec\":7}");
        assertThat(review("/webhooks/validate", "u-dep", "apps", "v1", "Deployment", "httpbin", deployment)
                .get("allowed").asBoolean()).isTrue();
    }

    @Test
    void malformedRequestsAre4xxProblemsAndOnlyTheTwoPostsGoWithoutAToken() {
        assertThat(t.anonymous.post("/webhooks/validate", "application/json", "{\"kind\":").statusCode()).isEqualTo(400);
        HttpResponse<String> notAReview = t.anonymous.post("/webhooks/inject", "application/json", "{}");
        assertThat(notAReview.statusCode()).isEqualTo(400);
        assertThat(ApiClient.json(notAReview).get("detail").asText()).contains("apiVersion: must be admission.k8s.io/v1");
        assertThat(t.anonymous.post("/webhooks/inject", "text/plain", "{}").statusCode()).isEqualTo(415);
        String huge = "{\"apiVersion\":\"admission.k8s.io/v1\",\"pad\":\"" + "x".repeat(5 * 1024 * 1024) + "\"}";
        assertThat(t.anonymous.post("/webhooks/validate", "application/json", huge).statusCode()).isEqualTo(413);
        assertThat(t.anonymous.get("/webhooks/inject").statusCode()).isEqualTo(401);
        assertThat(t.viewer.get("/webhooks/inject").statusCode()).isEqualTo(405);
        assertThat(t.anonymous.post("/webhooks/inject/", "application/json", "{}").statusCode()).isEqualTo(401);
        assertThat(t.anonymous.post("/webhooks", "application/json", "{}").statusCode()).isEqualTo(401);
    }

    private static JsonNode review(String path, String uid, String group, String version, String kind, String namespace,
                                   JsonNode object) {
        ObjectNode review = Jsons.MAPPER.createObjectNode();
        review.put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
        ObjectNode request = review.putObject("request");
        request.put("uid", uid);
        request.putObject("kind").put("group", group).put("version", version).put("kind", kind);
        request.putObject("resource").put("group", group).put("version", version)
                .put("resource", kind.toLowerCase() + "s");
        request.put("namespace", namespace).put("operation", "CREATE");
        request.putObject("userInfo").put("username", "kubernetes-admin");
        request.set("object", object);
        request.put("dryRun", false);
        HttpResponse<String> answer = t.anonymous.post(path, "application/json", review.toString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode body = ApiClient.json(answer);
        assertThat(body.get("apiVersion").asText()).isEqualTo("admission.k8s.io/v1");
        assertThat(body.get("kind").asText()).isEqualTo("AdmissionReview");
        return body.get("response");
    }

    private static ArrayNode patch(JsonNode answer) {
        return (ArrayNode) Jsons.readStoredArray(new String(Base64.getDecoder().decode(answer.get("patch").asText()),
                StandardCharsets.UTF_8));
    }

    private static List<String> names(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.get("name").asText()));
        return out;
    }
}
