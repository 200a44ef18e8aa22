package io.meshgate.kube;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks the cluster who a bearer token belongs to: one {@code TokenReview} ({@code authentication.k8s.io/v1},
 * {@code POST /apis/authentication.k8s.io/v1/tokenreviews}, which the control plane's ClusterRole allows
 * with {@code create}) per call, for the given audiences, answered within {@code timeout}. The cluster's
 * {@code status} comes back as it is; judging it is the caller's job.
 */
public final class TokenReviewer {
    /** The default bound of one review: a sidecar's registration waits for it. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    /** The cluster gave no answer: unreachable, an error status, or none within the timeout. */
    public static final class UnavailableException extends RuntimeException {
        UnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final KubernetesClient client;
    private final Duration timeout;

    public TokenReviewer(KubernetesClient client, Duration timeout) {
        this.client = Objects.requireNonNull(client, "client");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * @return the review's {@code status} (never null: an answer without one is an unauthenticated status)
     * @throws UnavailableException when the cluster did not answer the review in time or refused to review
     */
    public TokenReviewStatus review(String token, List<String> audiences) {
        TokenReview request = new TokenReviewBuilder().withNewSpec().withToken(token).withAudiences(audiences)
                .endSpec().build();
        CompletableFuture<TokenReview> answer = new CompletableFuture<>();
        // fabric8's create blocks; the virtual thread lets this wait end at the deadline whatever the client does
        Thread.ofVirtual().name("meshgate-token-review").start(() -> {
            try {
                answer.complete(client.authentication().v1().tokenReviews().create(request));
            } catch (Throwable e) {
                answer.completeExceptionally(e);
            }
        });
        try {
            TokenReview review = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return review == null || review.getStatus() == null ? new TokenReviewStatus() : review.getStatus();
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new UnavailableException("no answer within " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof KubernetesClientException k && k.getCode() == 403) {
                throw new UnavailableException("the control plane may not create tokenreviews (its ClusterRole needs"
                        + " create on authentication.k8s.io tokenreviews): " + k.getMessage(), k);
            }
            throw new UnavailableException(cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause);
        }
    }
}
