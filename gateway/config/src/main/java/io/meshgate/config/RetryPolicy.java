package io.meshgate.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Re-sends a request that failed to the route's cluster (a new endpoint pick each time), Envoy's route
 * retry policy and FSM's {@code Retry.spec.retryPolicy}. JSON type {@code retry}.
 *
 * <p>{@code retryOn} conditions (at least one):
 * <ul>
 *   <li>{@code 5xx}: the upstream answered 500..599, or did not answer at all: connect failure, reset
 *       before the response head, or the try's {@link #perTryTimeout} ran out (Envoy's meaning; FSM's
 *       sidecar matched the status codes only, but in all these cases the client would get a 5xx);</li>
 *   <li>{@code gateway-error}: as {@code 5xx} but of the answers only 502, 503 and 504 (Envoy);</li>
 *   <li>{@code 1xx}..{@code 4xx} (FSM's {@code Nxx}): the upstream answered a status of that class
 *       ({@code 1xx} never matches: interim answers are passed on, not final);</li>
 *   <li>a status code {@code 100..599}, e.g. {@code 503}: the upstream answered exactly that;</li>
 *   <li>{@code connect-failure}: no connection to the picked endpoint (refused, unreachable, connect
 *       timeout, upstream TLS handshake failure); a full local pool is not a connect failure;</li>
 *   <li>{@code retriable-4xx}: the upstream answered {@code 409 Conflict} (Envoy's only retriable 4xx);</li>
 *   <li>{@code reset}: the upstream connection closed or failed before the response head arrived
 *       (including a failed write of the request), and also a per-try timeout;</li>
 *   <li>{@code refused-stream}: retried as {@code reset}: the proxy cannot tell an HTTP/2
 *       {@code REFUSED_STREAM} from other resets before the response head, so it retries all of them.</li>
 * </ul>
 * A response is retried only before anything of it went to the client, only once the whole request
 * was read (and it fitted {@link #bufferLimitBytes}), never for a WebSocket upgrade.
 *
 * @param retryOn                 the conditions above; tokens are case-insensitive, stored lower case,
 *                                deduplicated in order
 * @param numRetries              retries after the first try, 0..{@value #MAX_RETRIES} (Envoy's default is
 *                                1); above the cap is refused: a retry storm is a bug, not a setting
 * @param perTryTimeout           limit of each try from sending the request until the response head
 *                                (null: only the route's whole-request timeout, which also bounds the
 *                                sum of all tries and back-offs)
 * @param backoffBaseInterval     base of the fully jittered exponential back-off: retry N waits a random
 *                                time in {@code [0, (2^N - 1) * base]}, at most {@code 10 * base} (Envoy);
 *                                null: 25 ms (Envoy's default); more than 0
 * @param bufferLimitBytes        a request whose body is longer than this is never retried (its body is
 *                                not kept); 0: {@value #DEFAULT_BUFFER_LIMIT}; at most
 *                                {@value #MAX_BUFFER_LIMIT}
 * @param budgetPercent           retry budget: retries in progress to the cluster may be at most this
 *                                percentage of its requests in progress (Envoy's {@code retry_budget});
 *                                0: {@value #DEFAULT_BUDGET_PERCENT}; 1..100
 * @param minRetryConcurrency     the budget always allows this many retries in progress; 0:
 *                                {@value #DEFAULT_MIN_RETRY_CONCURRENCY}
 */
public record RetryPolicy(List<String> retryOn, int numRetries, Duration perTryTimeout, Duration backoffBaseInterval,
                          int bufferLimitBytes, int budgetPercent, int minRetryConcurrency) implements FilterConfig {

    /** The most retries one request may make (so at most 11 tries). */
    public static final int MAX_RETRIES = 10;
    public static final Duration DEFAULT_BACKOFF_BASE = Duration.ofMillis(25);
    public static final int DEFAULT_BUFFER_LIMIT = 64 * 1024;
    public static final int MAX_BUFFER_LIMIT = 1024 * 1024;
    public static final int DEFAULT_BUDGET_PERCENT = 20;
    public static final int DEFAULT_MIN_RETRY_CONCURRENCY = 3;

    private static final Set<String> NAMED = Set.of("5xx", "gateway-error", "connect-failure", "retriable-4xx", "reset",
            "refused-stream");

    public RetryPolicy {
        if (retryOn == null || retryOn.isEmpty()) {
            throw new IllegalArgumentException("retry.retryOn needs at least one condition");
        }
        LinkedHashSet<String> tokens = new LinkedHashSet<>();
        for (String raw : retryOn) {
            String token = raw == null ? "" : raw.trim().toLowerCase(Locale.ROOT);
            checkCondition(token);
            tokens.add(token);
        }
        retryOn = List.copyOf(new ArrayList<>(tokens));
        if (numRetries < 0 || numRetries > MAX_RETRIES) {
            throw new IllegalArgumentException("retry.numRetries must be 0.." + MAX_RETRIES + ", got " + numRetries);
        }
        if (perTryTimeout != null && (perTryTimeout.isNegative() || perTryTimeout.isZero())) {
            throw new IllegalArgumentException("retry.perTryTimeout must be more than 0, got " + perTryTimeout);
        }
        backoffBaseInterval = backoffBaseInterval == null ? DEFAULT_BACKOFF_BASE : backoffBaseInterval;
        if (backoffBaseInterval.isNegative() || backoffBaseInterval.isZero()) {
            throw new IllegalArgumentException("retry.backoffBaseInterval must be more than 0, got " + backoffBaseInterval);
        }
        bufferLimitBytes = bufferLimitBytes == 0 ? DEFAULT_BUFFER_LIMIT : bufferLimitBytes;
        if (bufferLimitBytes < 0 || bufferLimitBytes > MAX_BUFFER_LIMIT) {
            throw new IllegalArgumentException("retry.bufferLimitBytes must be 1.." + MAX_BUFFER_LIMIT + ", got " + bufferLimitBytes);
        }
        budgetPercent = budgetPercent == 0 ? DEFAULT_BUDGET_PERCENT : budgetPercent;
        if (budgetPercent < 1 || budgetPercent > 100) {
            throw new IllegalArgumentException("retry.budgetPercent must be 1..100, got " + budgetPercent);
        }
        minRetryConcurrency = minRetryConcurrency == 0 ? DEFAULT_MIN_RETRY_CONCURRENCY : minRetryConcurrency;
        if (minRetryConcurrency < 1) {
            throw new IllegalArgumentException("retry.minRetryConcurrency must be at least 1, got " + minRetryConcurrency);
        }
    }

    /** A policy with the default body bound and budget. */
    public static RetryPolicy of(List<String> retryOn, int numRetries, Duration perTryTimeout, Duration backoffBaseInterval) {
        return new RetryPolicy(retryOn, numRetries, perTryTimeout, backoffBaseInterval, 0, 0, 0);
    }

    /**
     * Splits FSM's comma-separated {@code retryOn} ({@code "5xx,connect-failure"}) into tokens.
     *
     * @throws IllegalArgumentException naming the first token that is not a condition
     */
    public static List<String> parseConditions(String commaSeparated) {
        List<String> tokens = new ArrayList<>();
        for (String part : (commaSeparated == null ? "" : commaSeparated).split(",", -1)) {
            String token = part.trim().toLowerCase(Locale.ROOT);
            checkCondition(token);
            tokens.add(token);
        }
        return tokens;
    }

    private static void checkCondition(String token) {
        if (NAMED.contains(token)) {
            return;
        }
        if (token.length() == 3 && token.endsWith("xx") && token.charAt(0) >= '1' && token.charAt(0) <= '5') {
            return;
        }
        if (token.length() == 3 && token.chars().allMatch(c -> c >= '0' && c <= '9')) {
            int code = Integer.parseInt(token);
            if (code >= 100 && code <= 599) {
                return;
            }
        }
        throw new IllegalArgumentException("retry.retryOn: '" + token + "' is not a condition (5xx, 1xx..4xx, a status"
                + " code 100..599, gateway-error, connect-failure, retriable-4xx, reset, refused-stream)");
    }

    @Override
    public String type() {
        return "retry";
    }
}
