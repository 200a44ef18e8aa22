package io.meshgate.sidecar.injector;

/**
 * A body that is not an {@code admission.k8s.io/v1} AdmissionReview request: not JSON, too deep or
 * too long, duplicate members, a missing {@code request.uid}, an unknown operation. The message names
 * the field; the webhook answers 400 with it (an API server never sends such a body, so whoever did
 * gets no AdmissionReview back).
 */
public final class AdmissionReviewException extends RuntimeException {
    public AdmissionReviewException(String message) {
        super(message);
    }
}
