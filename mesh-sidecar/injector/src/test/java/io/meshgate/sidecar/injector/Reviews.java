package io.meshgate.sidecar.injector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Builds AdmissionReview requests as an API server sends them and reads the answers. */
final class Reviews {
    static final ObjectMapper JSON = new ObjectMapper();

    private Reviews() {}

    static JsonNode resource(String path) {
        try (InputStream in = Reviews.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A CREATE review of {@code object} of the core group's {@code kind} in {@code namespace}. */
    static ObjectNode create(String uid, String kind, String namespace, JsonNode object) {
        return review(uid, "", "v1", kind, namespace, "CREATE", object);
    }

    static ObjectNode review(String uid, String group, String version, String kind, String namespace, String operation,
                             JsonNode object) {
        ObjectNode review = JSON.createObjectNode();
        review.put("apiVersion", "admission.k8s.io/v1");
        review.put("kind", "AdmissionReview");
        ObjectNode request = review.putObject("request");
        request.put("uid", uid);
        request.putObject("kind").put("group", group).put("version", version).put("kind", kind);
        request.putObject("resource").put("group", group).put("version", version)
                .put("resource", kind.toLowerCase() + "s");
        if (!namespace.isEmpty()) {
            request.put("namespace", namespace);
        }
        request.put("operation", operation);
        request.putObject("userInfo").put("username", "system:serviceaccount:kube-system:replicaset-controller");
        if (object != null) {
            request.set("object", object);
        }
        request.put("dryRun", false);
        return review;
    }

    static byte[] bytes(JsonNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    static JsonNode response(byte[] answer) {
        try {
            JsonNode review = JSON.readTree(answer);
            return review.get("response");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The response's JSON patch, decoded; an empty array when it has none. */
    static com.fasterxml.jackson.databind.node.ArrayNode patch(JsonNode response) {
        if (!response.hasNonNull("patch")) {
            return JSON.createArrayNode();
        }
        try {
            return (com.fasterxml.jackson.databind.node.ArrayNode) JSON.readTree(Base64.getDecoder().decode(response.get("patch").asText()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
