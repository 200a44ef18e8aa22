package io.meshgate.sidecar.injector;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The mutating webhook's answer to one AdmissionReview: a Pod being created in an injected namespace
 * comes back {@code allowed} with the patch of {@link SidecarInjector}; anything else (another kind, an
 * UPDATE, a pod not to inject) comes back {@code allowed} without a patch, so the webhook never blocks
 * what it does not handle. The reason of the decision is an audit annotation ({@code injection}).
 * Only a pod whose injection annotations are invalid is refused (as FSM refuses it), with the
 * annotation as the field.
 */
public final class PodAdmission {
    public static final String AUDIT_KEY = "injection";

    private final KubernetesSerialization serialization;
    private final AdmissionReviews reviews;
    private final SidecarInjector injector;

    public PodAdmission(KubernetesSerialization serialization) {
        this.serialization = serialization;
        this.reviews = new AdmissionReviews(serialization);
        this.injector = new SidecarInjector(serialization);
    }

    /** The envelope reader and writer this admission uses (the validating webhook shares it). */
    public AdmissionReviews reviews() {
        return reviews;
    }

    /**
     * @param request    a request {@link AdmissionReviews#read read} from the API server
     * @param namespaces the facts of a namespace by name ({@link NamespaceFacts#unknown} when there is none)
     * @param settings   the injection settings in force
     * @return the AdmissionReview response as JSON
     */
    public byte[] review(AdmissionRequestView request, Function<String, NamespaceFacts> namespaces,
                         InjectionSettings settings) {
        if (!request.group().isEmpty() || !request.kind().equals("Pod")) {
            return allowUnchanged(request, "not a Pod (" + request.kind() + ")");
        }
        if (!request.operation().equals("CREATE")) {
            return allowUnchanged(request, "sidecars are injected when a pod is created, not on " + request.operation());
        }
        Pod pod;
        try {
            pod = serialization.unmarshal(request.object().toString(), Pod.class);
        } catch (RuntimeException e) {
            return reviews.refuse(request, 400, "BadRequest", "request.object is not a Pod: " + e.getMessage(), List.of());
        }
        String namespace = !request.namespace().isEmpty() ? request.namespace()
                : pod.getMetadata() == null || pod.getMetadata().getNamespace() == null ? ""
                : pod.getMetadata().getNamespace();
        if (namespace.isEmpty()) {
            return allowUnchanged(request, "the request names no namespace");
        }
        try {
            InjectionResult result = injector.inject(pod, namespaces.apply(namespace), settings);
            return reviews.allow(request, result.patch(), Map.of(AUDIT_KEY,
                    (result.decision().inject() ? "injected: " : "not injected: ") + result.decision().reason()));
        } catch (InjectionRefusedException e) {
            return reviews.refuse(request, 422, "Invalid", "sidecar injection refused: " + e.getMessage(),
                    List.of(new AdmissionReviews.FieldCause(e.field(), e.getMessage())));
        }
    }

    private byte[] allowUnchanged(AdmissionRequestView request, String reason) {
        return reviews.allow(request, null, Map.of(AUDIT_KEY, "not injected: " + reason));
    }
}
