package io.meshgate.sidecar.injector;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusDetails;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code admission.k8s.io/v1} AdmissionReview envelope, read strictly and answered with fabric8's
 * typed model. Reading checks what an API server always sends ({@code apiVersion}, {@code kind},
 * {@code request.uid}, {@code request.kind}, {@code request.operation}, an object unless deleting) and
 * refuses JSON that is ambiguous (duplicate members, trailing content) or deeper than any Kubernetes
 * object (64 levels). The size limit is the caller's (the webhook server caps the body before
 * reading it).
 */
public final class AdmissionReviews {
    public static final String API_VERSION = "admission.k8s.io/v1";
    public static final String KIND = "AdmissionReview";
    private static final int MAX_DEPTH = 64;
    private static final int MAX_UID = 128;
    private static final Set<String> OPERATIONS = Set.of("CREATE", "UPDATE", "DELETE", "CONNECT");

    private final ObjectMapper strict = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private final KubernetesSerialization serialization;

    public AdmissionReviews(KubernetesSerialization serialization) {
        this.serialization = serialization;
        strict.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build());
    }

    /**
     * Reads a request.
     *
     * @throws AdmissionReviewException naming what is wrong
     */
    public AdmissionRequestView read(byte[] body) {
        JsonNode root;
        try (JsonParser parser = strict.createParser(body)) {
            root = strict.readTree(parser);
            if (parser.nextToken() != null) {
                throw new AdmissionReviewException("trailing content after the AdmissionReview");
            }
        } catch (JsonProcessingException e) {
            throw new AdmissionReviewException("not a JSON AdmissionReview: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new AdmissionReviewException("unreadable body: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new AdmissionReviewException("the body must be a JSON object (an AdmissionReview)");
        }
        expect(root, "apiVersion", API_VERSION);
        expect(root, "kind", KIND);
        JsonNode request = root.get("request");
        if (request == null || !request.isObject()) {
            throw new AdmissionReviewException("request: required (an object)");
        }
        String uid = text(request, "request.uid", true);
        if (uid.length() > MAX_UID) {
            throw new AdmissionReviewException("request.uid: longer than " + MAX_UID + " characters");
        }
        JsonNode kind = request.get("kind");
        if (kind == null || !kind.isObject()) {
            throw new AdmissionReviewException("request.kind: required (group, version, kind)");
        }
        String operation = text(request, "request.operation", true);
        if (!OPERATIONS.contains(operation)) {
            throw new AdmissionReviewException("request.operation: '" + operation
                    + "' is not one of CREATE, UPDATE, DELETE, CONNECT");
        }
        JsonNode object = request.get("object");
        if (object != null && object.isNull()) {
            object = null;
        }
        if (object != null && !object.isObject()) {
            throw new AdmissionReviewException("request.object: must be an object");
        }
        if (object == null && (operation.equals("CREATE") || operation.equals("UPDATE"))) {
            throw new AdmissionReviewException("request.object: required for " + operation);
        }
        return new AdmissionRequestView(uid, text(kind, "request.kind.group", false),
                text(kind, "request.kind.version", true), text(kind, "request.kind.kind", true),
                text(request, "request.namespace", false), text(request, "request.name", false), operation, object);
    }

    /** {@code allowed: true}, with a JSON patch when it has operations, and audit annotations. */
    public byte[] allow(AdmissionRequestView request, ArrayNode patch, Map<String, String> auditAnnotations) {
        AdmissionResponse response = new AdmissionResponse();
        response.setUid(request.uid());
        response.setAllowed(true);
        if (patch != null && !patch.isEmpty()) {
            response.setPatchType("JSONPatch");
            response.setPatch(Base64.getEncoder().encodeToString(patch.toString().getBytes(StandardCharsets.UTF_8)));
        }
        if (auditAnnotations != null && !auditAnnotations.isEmpty()) {
            response.setAuditAnnotations(auditAnnotations);
        }
        return write(response);
    }

    /**
     * {@code allowed: false} with a Kubernetes Status: {@code kubectl} prints {@code message}, and
     * {@code details.causes} carry one field path per error as the REST API's problem document does.
     */
    public byte[] refuse(AdmissionRequestView request, int code, String reason, String message, List<FieldCause> causes) {
        Status status = new Status();
        status.setCode(code);
        status.setReason(reason);
        status.setMessage(message);
        status.setStatus("Failure");
        if (causes != null && !causes.isEmpty()) {
            StatusDetails details = new StatusDetails();
            details.setKind(request.kind());
            details.setName(request.name().isEmpty() ? null : request.name());
            details.setGroup(request.group().isEmpty() ? null : request.group());
            details.setCauses(causes.stream().map(c -> {
                StatusCause cause = new StatusCause();
                cause.setField(c.field());
                cause.setMessage(c.message());
                cause.setReason("FieldValueInvalid");
                return cause;
            }).toList());
            status.setDetails(details);
        }
        AdmissionResponse response = new AdmissionResponse();
        response.setUid(request.uid());
        response.setAllowed(false);
        response.setStatus(status);
        return write(response);
    }

    private byte[] write(AdmissionResponse response) {
        AdmissionReview review = new AdmissionReview();
        review.setApiVersion(API_VERSION);
        review.setKind(KIND);
        review.setResponse(response);
        return serialization.asJson(review).getBytes(StandardCharsets.UTF_8);
    }

    private static void expect(JsonNode root, String field, String value) {
        JsonNode node = root.get(field);
        if (node == null || !node.isTextual() || !node.asText().equals(value)) {
            throw new AdmissionReviewException(field + ": must be " + value + (node == null ? " (missing)"
                    : ", not " + node));
        }
    }

    private static String text(JsonNode parent, String path, boolean required) {
        String name = path.substring(path.lastIndexOf('.') + 1);
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            if (required) {
                throw new AdmissionReviewException(path + ": required");
            }
            return "";
        }
        if (!node.isTextual()) {
            throw new AdmissionReviewException(path + ": must be a string");
        }
        if (required && node.asText().isEmpty()) {
            throw new AdmissionReviewException(path + ": must not be empty");
        }
        return node.asText();
    }

    /** One field error of a refusal: a field path as the REST API names it, and what is wrong. */
    public record FieldCause(String field, String message) {
    }
}
