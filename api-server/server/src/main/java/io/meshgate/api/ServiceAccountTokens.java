package io.meshgate.api;

import io.meshgate.sidecar.injector.SidecarContainers;

import java.util.List;
import java.util.Objects;

/**
 * Kubernetes mode's second way to authenticate a sidecar: the pod's projected service-account token
 * (a JWT the kubelet writes and rotates), checked by the cluster's own {@code TokenReview}
 * ({@code authentication.k8s.io/v1}). The fabric8 implementation lives in {@code api-server/kubernetes}
 * and is wired by the standalone launcher's {@code KubernetesStack}; standalone mode has none, so a
 * JWT there is just an unknown token.
 *
 * <p>Implementations send one review per call (caching is {@link ServiceAccountAuth}'s job), bound
 * their wait, and throw {@link ReviewUnavailableException} when the cluster did not answer, so the
 * caller can say 503 (the token may be good) rather than 401.
 */
@FunctionalInterface
public interface ServiceAccountTokens {
    /** The audience sidecars' projected tokens carry and every review asks for (the injector's). */
    String AUDIENCE = SidecarContainers.TOKEN_AUDIENCE;

    /**
     * Reviews {@code token} for {@code audiences}.
     *
     * @throws ReviewUnavailableException when the cluster gave no answer in time (unreachable, 5xx, timeout)
     */
    Review review(String token, List<String> audiences);

    /**
     * The cluster's answer, its {@code status}.
     *
     * @param authenticated {@code status.authenticated}
     * @param username      {@code status.user.username}, "" when absent
     * @param audiences     {@code status.audiences}: those of the requested ones the token is valid for
     * @param error         {@code status.error}, "" when absent
     */
    record Review(boolean authenticated, String username, List<String> audiences, String error) {
        public Review {
            username = username == null ? "" : username;
            audiences = audiences == null ? List.of() : List.copyOf(audiences);
            error = error == null ? "" : error;
        }
    }

    /** The cluster could not be asked (the token may well be good): a 503, not a 401. */
    final class ReviewUnavailableException extends RuntimeException {
        public ReviewUnavailableException(String message, Throwable cause) {
            super(Objects.requireNonNull(message, "message"), cause);
        }
    }
}
