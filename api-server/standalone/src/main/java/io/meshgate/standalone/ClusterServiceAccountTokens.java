package io.meshgate.standalone;

import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatus;
import io.meshgate.api.ServiceAccountTokens;
import io.meshgate.kube.TokenReviewer;

import java.util.List;

/** The server's {@link ServiceAccountTokens} seam on the cluster's TokenReview ({@link TokenReviewer}). */
final class ClusterServiceAccountTokens implements ServiceAccountTokens {
    private final TokenReviewer reviewer;

    ClusterServiceAccountTokens(TokenReviewer reviewer) {
        this.reviewer = reviewer;
    }

    @Override
    public Review review(String token, List<String> audiences) {
        TokenReviewStatus status;
        try {
            status = reviewer.review(token, audiences);
        } catch (TokenReviewer.UnavailableException e) {
            throw new ReviewUnavailableException(e.getMessage(), e);
        }
        return new Review(Boolean.TRUE.equals(status.getAuthenticated()),
                status.getUser() == null ? null : status.getUser().getUsername(), status.getAudiences(),
                status.getError());
    }
}
