package io.meshgate.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.utils.ResponseProvider;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The cluster's TokenReview on fabric8's mock API server (an expectation at {@link #PATH}): which token is
 * whose and for which audiences, how many reviews came, and whether it answers at all.
 */
final class MockTokenReviews implements ResponseProvider<Object> {
    static final String PATH = "/apis/authentication.k8s.io/v1/tokenreviews";
    private static final ObjectMapper JSON = new ObjectMapper();

    final Map<String, String> users = new ConcurrentHashMap<>();
    final Map<String, List<String>> audiences = new ConcurrentHashMap<>();
    final AtomicInteger count = new AtomicInteger();
    final AtomicBoolean down = new AtomicBoolean();
    final Map<String, List<String>> asked = new ConcurrentHashMap<>();
    private Headers headers = Headers.builder().build();

    /**
     * A mock API server on loopback in mixed mode: these reviews answer every TokenReview, and every other
     * path is CRUD (pods, the stack's informers).
     */
    KubernetesMockServer serve() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        server.expect().post().withPath(PATH).andReply(this).always();
        return server;
    }

    /** The cluster authenticates {@code token} as {@code user} for {@code audiences}. */
    void vouch(String token, String user, String... audiences) {
        users.put(token, user);
        this.audiences.put(token, List.of(audiences));
    }

    /** A token shaped like a projected service-account token (a JWT; the signature means nothing here). */
    static String jwt(String subject, Instant exp) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"RS256\",\"kid\":\"k1\"}".getBytes(StandardCharsets.UTF_8));
        String claims = b64.encodeToString(("{\"aud\":[\"meshgate\"],\"exp\":" + exp.getEpochSecond()
                + ",\"iss\":\"https://kubernetes.default.svc\",\"sub\":\"" + subject + "-" + System.nanoTime() + "\"}")
                .getBytes(StandardCharsets.UTF_8));
        return header + "." + claims + "." + b64.encodeToString(("sig-" + subject).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int getStatusCode(RecordedRequest request) {
        return down.get() ? 503 : 201;
    }

    @Override
    public Object getBody(RecordedRequest request) {
        count.incrementAndGet();
        if (down.get()) {
            return Map.of("kind", "Status", "apiVersion", "v1", "status", "Failure", "code", 503,
                    "message", "etcd is unavailable");
        }
        try {
            JsonNode review = JSON.readTree(request.getUtf8Body());
            String token = review.at("/spec/token").asText();
            List<String> wanted = JSON.convertValue(review.at("/spec/audiences"), List.class);
            asked.put(token, wanted);
            String user = users.get(token);
            List<String> valid = audiences.getOrDefault(token, List.of()).stream().filter(wanted::contains).toList();
            TokenReviewBuilder answer = new TokenReviewBuilder().withApiVersion("authentication.k8s.io/v1")
                    .withKind("TokenReview").withNewSpec().withToken(token).withAudiences(wanted).endSpec();
            if (user == null || valid.isEmpty()) {
                return answer.withNewStatus().withAuthenticated(false)
                        .withError(user == null ? "[invalid bearer token, token has been invalidated]"
                                : "[invalid bearer token, token audiences don't match]").endStatus().build();
            }
            return answer.withNewStatus().withAuthenticated(true).withAudiences(valid)
                    .withNewUser().withUsername(user).withGroups("system:serviceaccounts").endUser().endStatus().build();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public Headers getHeaders() {
        return headers;
    }

    @Override
    public void setHeaders(Headers headers) {
        this.headers = headers;
    }
}
