package io.meshgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.Method;
import io.helidon.webserver.http.ServerRequest;
import io.meshgate.db.StoredObject;
import io.meshgate.resources.FieldError;
import io.meshgate.resources.KindInfo;
import io.meshgate.resources.KindRegistry;
import io.meshgate.resources.MeshConfigDefaults;
import io.meshgate.resources.Resource;
import io.meshgate.resources.ResourceCodec;
import io.meshgate.resources.ResourceParseException;
import io.meshgate.resources.ResourceValidator;
import io.meshgate.sidecar.injector.AdmissionRequestView;
import io.meshgate.sidecar.injector.AdmissionReviewException;
import io.meshgate.sidecar.injector.AdmissionReviews;
import io.meshgate.sidecar.injector.InjectionSettings;
import io.meshgate.sidecar.injector.NamespaceFacts;
import io.meshgate.sidecar.injector.PodAdmission;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Kubernetes admission webhooks, which a cluster's API server calls for {@code kubectl apply}:
 *
 * <ul>
 *   <li>{@code POST /webhooks/inject} (mutating): a Pod being created comes back with the sidecar and its
 *       init container ({@link PodAdmission}), decided by its Namespace's labels and annotations as this
 *       control plane holds them and with MeshConfig {@code spec.sidecar}/{@code spec.traffic} in force;</li>
 *   <li>{@code POST /webhooks/validate} (validating): an object of a kind this API serves runs through the
 *       same {@link ResourceValidator} as the REST API, so a bad manifest is refused ({@code allowed: false})
 *       with the field paths the REST API's problem document names, as Kubernetes Status causes.</li>
 * </ul>
 *
 * <p>Authentication: the API server calls webhooks over TLS (this API's serving certificate from the
 * mesh CA, whose certificate the webhook configuration carries as {@code caBundle}) and sends no bearer
 * token; a client certificate only where the cluster's admin configured one, which managed clusters do
 * not allow. So these two exact routes ({@code POST} on these paths, nothing below them) take no token,
 * like {@code /readyz}, and are built so that this costs nothing: they write nothing, issue nothing
 * (FSM's injector issues a certificate per pod; Meshgate's sidecar gets it from the API with its own
 * token), and answer only about the object sent to them. What a caller can learn is whether a
 * namespace is injected and the sidecar image and control-plane URL: what every injected pod shows.
 * Every other path keeps its authentication. Bodies are capped at {@link #MAX_BODY} and read strictly
 * ({@link AdmissionReviews}); anything that is not an AdmissionReview is a 4xx problem, not an answer.
 */
final class AdmissionWebhookService implements EndpointsService {
    static final String INJECT = "/webhooks/inject";
    static final String VALIDATE = "/webhooks/validate";
    /** An object is at most 1.5 MiB in etcd; a review of an UPDATE carries two, plus the envelope. */
    static final int MAX_BODY = 4 * 1024 * 1024;

    private final ResourceReads store;
    private final KindRegistry kinds;
    private final ResourceValidator validator;
    private final ResourceCodec codec;
    private final InjectionSettings base;
    private final PodAdmission pods = new PodAdmission(new KubernetesSerialization());
    private final AdmissionReviews reviews = pods.reviews();
    private final Endpoints endpoints = Endpoints.builder()
            .path(INJECT).post(this::inject).otherMethods(Endpoints.METHOD_NOT_ALLOWED)
            .path(VALIDATE).post(this::validate).otherMethods(Endpoints.METHOD_NOT_ALLOWED)
            .build();

    AdmissionWebhookService(ResourceReads store, KindRegistry kinds, ResourceValidator validator, ResourceCodec codec,
                            InjectionSettings base) {
        this.store = store;
        this.kinds = kinds;
        this.validator = validator;
        this.codec = codec;
        this.base = base;
    }

    /** True for the requests this service answers without a token: exactly POST on its two paths. */
    static boolean answers(ServerRequest req) {
        String path = req.path().path();
        return req.prologue().method().equals(Method.POST) && (path.equals(INJECT) || path.equals(VALIDATE));
    }

    @Override
    public String mountPath() {
        return "/";
    }

    @Override
    public Endpoints endpoints() {
        return endpoints;
    }

    private void inject(Exchange ex) {
        AdmissionRequestView request = read(ex);
        InjectionSettings settings = base.withMeshConfig(meshConfigSpec());
        send(ex, pods.review(request, this::namespace, settings));
    }

    private void validate(Exchange ex) {
        AdmissionRequestView request = read(ex);
        Optional<KindInfo> info = kinds.byKind(request.kind()).filter(k -> k.groups().contains(request.group()));
        if (info.isEmpty() || request.object() == null
                || !(request.operation().equals("CREATE") || request.operation().equals("UPDATE"))) {
            send(ex, reviews.allow(request, null, Map.of()));
            return;
        }
        Resource resource;
        try {
            resource = codec.fromJson(request.object());
        } catch (ResourceParseException e) {
            send(ex, reviews.refuse(request, 422, "Invalid", request.kind() + " is invalid: " + e.getMessage(),
                    List.of()));
            return;
        }
        if (!request.namespace().isEmpty()) {
            resource = resource.withDefaultNamespace(request.namespace());
        }
        List<FieldError> errors = validator.validate(resource);
        if (errors.isEmpty()) {
            send(ex, reviews.allow(request, null, Map.of()));
            return;
        }
        List<AdmissionReviews.FieldCause> causes = new ArrayList<>();
        StringBuilder message = new StringBuilder(resource.kind() + " \"" + resource.name() + "\" is invalid");
        for (FieldError e : errors) {
            causes.add(new AdmissionReviews.FieldCause(e.field(), e.message()));
            message.append(causes.size() == 1 ? ": " : "; ").append(e.field()).append(": ").append(e.message());
        }
        send(ex, reviews.refuse(request, 422, "Invalid", message.toString(), causes));
    }

    private AdmissionRequestView read(Exchange ex) {
        if (!ex.contentType().equals(Exchange.JSON)) {
            throw ApiException.unsupportedMediaType("an AdmissionReview is application/json, not '" + ex.contentType()
                    + "'");
        }
        if (!ex.req.content().hasEntity()) {
            throw ApiException.badRequest("the request needs a body (an AdmissionReview)");
        }
        long declared = ex.req.headers().contentLength().orElse(-1L);
        if (declared > MAX_BODY) {
            throw tooLarge();
        }
        byte[] body;
        try (InputStream in = ex.req.content().inputStream()) {
            body = in.readNBytes(MAX_BODY + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (body.length > MAX_BODY) {
            throw tooLarge();
        }
        try {
            return reviews.read(body);
        } catch (AdmissionReviewException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private static ApiException tooLarge() {
        return new ApiException(413, "payload-too-large", "Content Too Large",
                "an AdmissionReview is at most " + MAX_BODY + " bytes", List.of());
    }

    private static void send(Exchange ex, byte[] review) {
        ex.send(200, Exchange.JSON, new String(review, StandardCharsets.UTF_8));
    }

    /** The Namespace as this control plane holds it (what {@code meshgate namespace add} labelled). */
    private NamespaceFacts namespace(String name) {
        return store.get("Namespace", "", name)
                .map(o -> facts(name, Jsons.readStored(o.bodyJson())))
                .orElse(NamespaceFacts.unknown(name));
    }

    private static NamespaceFacts facts(String name, ObjectNode body) {
        return new NamespaceFacts(name, strings(body.path("metadata").path("labels")),
                strings(body.path("metadata").path("annotations")));
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> out = new LinkedHashMap<>();
        object.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private JsonNode meshConfigSpec() {
        return store.get("MeshConfig", MeshConfigDefaults.NAMESPACE, MeshConfigDefaults.NAME)
                .map(StoredObject::bodyJson).map(Jsons::readStored).map(b -> (JsonNode) b.path("spec"))
                .orElse(MeshConfigDefaults.resource().spec());
    }
}
