package io.meshgate.config;

import java.time.Duration;

/**
 * FSM's client-side circuit breaker of a cluster ({@code UpstreamTrafficSetting.spec.connectionSettings.http
 * .circuitBreaking}): the proxy counts the requests it sent to the cluster that completed in the current
 * statistics window, how many of them were slow and how many failed; once at least {@code minRequestAmount}
 * completed and any threshold is reached, the breaker opens and for {@code degradedTimeWindow} the proxy
 * answers every request to the cluster itself with {@code degradedStatusCode} and
 * {@code degradedResponseContent}, without contacting the upstream. Then it closes with fresh counts (no
 * half-open probing, as FSM's sidecar).
 *
 * <p>A threshold of 0 is not set (FSM's sidecar only applies thresholds above 0); at least one must be set.
 *
 * @param statTimeWindow          length of the counting window; the counts restart when it ends (a tumbling
 *                                window, as FSM's); more than 0
 * @param minRequestAmount        completed requests in the window before any threshold is checked; 0..
 * @param slowTimeThreshold       a request is slow when it took at least this long (first byte of the request
 *                                to the last byte of the response); needed by the slow thresholds, else null
 * @param slowAmountThreshold     open when this many requests of the window were slow; 0 = not set
 * @param slowRatioThreshold      open when this share (0..1) of the window's requests were slow; 0 = not set
 * @param errorAmountThreshold    open when this many requests of the window failed (status above 499, or no
 *                                response from the upstream); 0 = not set
 * @param errorRatioThreshold     open when this share (0..1) of the window's requests failed; 0 = not set
 * @param degradedTimeWindow      how long the breaker stays open; more than 0
 * @param degradedStatusCode      status of the local answers while open, 100..599; 0 = {@value #DEFAULT_STATUS}
 *                                (FSM's default)
 * @param degradedResponseContent body of those answers, sent as is; null = {@value #DEFAULT_CONTENT} (FSM's)
 */
public record CircuitBreaker(Duration statTimeWindow, int minRequestAmount, Duration slowTimeThreshold,
                             int slowAmountThreshold, double slowRatioThreshold, int errorAmountThreshold,
                             double errorRatioThreshold, Duration degradedTimeWindow, int degradedStatusCode,
                             String degradedResponseContent) {

    public static final int DEFAULT_STATUS = 409;
    public static final String DEFAULT_CONTENT = "Coming soon ...";

    public CircuitBreaker {
        positive(statTimeWindow, "circuitBreaker.statTimeWindow");
        positive(degradedTimeWindow, "circuitBreaker.degradedTimeWindow");
        notNegative(minRequestAmount, "circuitBreaker.minRequestAmount");
        notNegative(slowAmountThreshold, "circuitBreaker.slowAmountThreshold");
        notNegative(errorAmountThreshold, "circuitBreaker.errorAmountThreshold");
        ratio(slowRatioThreshold, "circuitBreaker.slowRatioThreshold");
        ratio(errorRatioThreshold, "circuitBreaker.errorRatioThreshold");
        if (slowTimeThreshold != null) {
            positive(slowTimeThreshold, "circuitBreaker.slowTimeThreshold");
        }
        boolean slow = slowAmountThreshold > 0 || slowRatioThreshold > 0;
        if (slow && slowTimeThreshold == null) {
            throw new IllegalArgumentException("circuitBreaker.slowTimeThreshold is required by slowAmountThreshold"
                    + " and slowRatioThreshold");
        }
        if (!slow && errorAmountThreshold == 0 && errorRatioThreshold == 0) {
            throw new IllegalArgumentException("circuitBreaker needs a threshold above 0: slowAmountThreshold,"
                    + " slowRatioThreshold, errorAmountThreshold or errorRatioThreshold");
        }
        degradedStatusCode = degradedStatusCode == 0 ? DEFAULT_STATUS : degradedStatusCode;
        if (degradedStatusCode < 100 || degradedStatusCode > 599) {
            throw new IllegalArgumentException("circuitBreaker.degradedStatusCode must be 100..599, got "
                    + degradedStatusCode);
        }
        degradedResponseContent = degradedResponseContent == null ? DEFAULT_CONTENT : degradedResponseContent;
    }

    /** True when a request's duration matters (a slow threshold is set). */
    public boolean countsSlow() {
        return slowAmountThreshold > 0 || slowRatioThreshold > 0;
    }

    private static void positive(Duration value, String field) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(field + " must be more than 0, got " + value);
        }
    }

    private static void notNegative(int value, String field) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must not be negative, got " + value);
        }
    }

    private static void ratio(double value, String field) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(field + " must be 0..1, got " + value);
        }
    }
}
