package io.meshgate.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshgate.db.Role;
import io.meshgate.db.TokenBinding;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How long the cluster's TokenReview answers are kept, and what they become. The end-to-end flow against
 * fabric8's mock API server is {@code KubernetesSidecarTokenTest} in {@code api-server/standalone}; here
 * the seam answers from a list so the clock can be moved.
 */
class ServiceAccountAuthTest {
    private static final Instant NOW = Instant.parse("2026-12-07T00:00:00Z");
    private final MutableClock clock = new MutableClock(NOW);
    private final List<String> reviewed = new ArrayList<>();
    private ServiceAccountTokens.Review answer = new ServiceAccountTokens.Review(true,
            "system:serviceaccount:bookstore:bookstore", List.of("meshgate"), null);
    private final ServiceAccountAuth auth = new ServiceAccountAuth((token, audiences) -> {
        assertThat(audiences).containsExactly("meshgate");
        reviewed.add(token);
        return answer;
    }, clock);

    @Test
    void anAuthenticatedServiceAccountIsASidecarOfThatBindingKeptAMinuteAtMost() {
        String token = jwt(NOW.plusSeconds(3600));
        Caller caller = auth.authenticate(token, "10.244.1.7");
        assertThat(caller.role()).isEqualTo(Role.SIDECAR);
        assertThat(caller.binding()).isEqualTo(new TokenBinding("bookstore", "bookstore"));
        assertThat(caller.actor().name()).isEqualTo("system:serviceaccount:bookstore:bookstore");
        for (int i = 0; i < 10; i++) {
            auth.authenticate(token, "10.244.1.7");
        }
        assertThat(reviewed).hasSize(1);
        clock.advance(Duration.ofSeconds(59));
        auth.authenticate(token, "10.244.1.7");
        assertThat(reviewed).hasSize(1);
        clock.advance(Duration.ofSeconds(1));
        auth.authenticate(token, "10.244.1.7");
        assertThat(reviewed).as("60 s later the cluster is asked again").hasSize(2);
    }

    @Test
    void aTokenAboutToExpireIsKeptNoLongerThanItLives() {
        String token = jwt(NOW.plusSeconds(10));
        auth.authenticate(token, "x");
        clock.advance(Duration.ofSeconds(10));
        auth.authenticate(token, "x");
        assertThat(reviewed).hasSize(2);
    }

    @Test
    void refusalsAreKeptFiveSecondsOnly() {
        answer = new ServiceAccountTokens.Review(false, null, null, "token has been invalidated");
        String token = jwt(NOW.plusSeconds(3600));
        assertThatThrownBy(() -> auth.authenticate(token, "x")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).isEqualTo(401));
        assertThatThrownBy(() -> auth.authenticate(token, "x")).hasMessageContaining("token has been invalidated");
        assertThat(reviewed).hasSize(1);
        clock.advance(ServiceAccountAuth.NEGATIVE_TTL);
        answer = new ServiceAccountTokens.Review(true, "system:serviceaccount:bookstore:bookstore", List.of("meshgate"),
                null);
        assertThat(auth.authenticate(token, "x").isSidecar()).isTrue();
        assertThat(reviewed).hasSize(2);
    }

    @Test
    void onlyServiceAccountsForMeshgatesAudienceAuthenticate() {
        answer = new ServiceAccountTokens.Review(true, "kubernetes-admin", List.of("meshgate"), null);
        assertThatThrownBy(() -> auth.authenticate(jwt(NOW.plusSeconds(60)), "x")).hasMessageContaining("not a service account");
        answer = new ServiceAccountTokens.Review(true, "system:serviceaccount:bookstore:bookstore", List.of("api"), null);
        assertThatThrownBy(() -> auth.authenticate(jwt(NOW.plusSeconds(60)), "x")).hasMessageContaining("audience meshgate");
    }

    @Test
    void anUnreachableClusterIsA503AndNothingIsCached() {
        ServiceAccountAuth down = new ServiceAccountAuth((token, audiences) -> {
            reviewed.add(token);
            throw new ServiceAccountTokens.ReviewUnavailableException("connection refused", null);
        }, clock);
        String token = jwt(NOW.plusSeconds(60));
        assertThatThrownBy(() -> down.authenticate(token, "x")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).isEqualTo(503));
        assertThatThrownBy(() -> down.authenticate(token, "x")).hasMessageContaining("connection refused");
        assertThat(reviewed).hasSize(2);
        assertThat(down.cached()).isZero();
    }

    @Test
    void meshgatesOwnTokensAreNeverMistakenForJwts() {
        assertThat(ServiceAccountAuth.looksLikeJwt(jwt(NOW))).isTrue();
        assertThat(ServiceAccountAuth.looksLikeJwt("mgt_AbC-d_e")).isFalse();
        assertThat(ServiceAccountAuth.looksLikeJwt("mgp_AbC-d_e")).isFalse();
        assertThat(ServiceAccountAuth.looksLikeJwt("eyJhbGc.eyJ")).isFalse();
        assertThat(ServiceAccountAuth.looksLikeJwt("eyJhbGc..c2ln")).isFalse();
        assertThat(ServiceAccountAuth.looksLikeJwt("eyJhbGc.eyJ.c2ln.x")).isFalse();
        assertThat(ServiceAccountAuth.looksLikeJwt("eyJhbGc.ey J.c2ln")).isFalse();
    }

    static String jwt(Instant exp) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(("{\"aud\":[\"meshgate\"],\"exp\":" + exp.getEpochSecond() + ",\"sub\":\"s"
                + System.nanoTime() + "\"}").getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }
}
