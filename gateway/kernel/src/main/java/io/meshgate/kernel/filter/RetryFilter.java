package io.meshgate.kernel.filter;

import io.meshgate.config.RetryPolicy;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A route's compiled {@link RetryPolicy}. It has no request or response hook of its own: the HTTP
 * exchange finds it among the route's filters and asks it, after a try failed, whether that failure
 * is retried and how long to back off. Immutable, so shared by every event loop.
 */
public final class RetryFilter implements HttpFilter {
    private final RetryPolicy policy;
    /** Indexed by status code: true when an answer with that status is retried. */
    private final boolean[] retriedStatus = new boolean[600];
    private final boolean connectFailure;
    private final boolean reset;
    private final long perTryTimeoutNanos;
    private final long baseNanos;

    RetryFilter(RetryPolicy policy) {
        this.policy = policy;
        boolean connect = false;
        boolean resets = false;
        for (String token : policy.retryOn()) {
            switch (token) {
                case "5xx" -> {
                    mark(500, 599);
                    connect = true;
                    resets = true;
                }
                case "gateway-error" -> {
                    mark(502, 504);
                    connect = true;
                    resets = true;
                }
                case "connect-failure" -> connect = true;
                case "reset", "refused-stream" -> resets = true;
                case "retriable-4xx" -> retriedStatus[409] = true;
                default -> {
                    if (token.endsWith("xx")) {
                        int base = (token.charAt(0) - '0') * 100;
                        mark(Math.max(base, 200), base + 99); // interim 1xx answers are never final
                    } else {
                        retriedStatus[Integer.parseInt(token)] = true;
                    }
                }
            }
        }
        this.connectFailure = connect;
        this.reset = resets;
        this.perTryTimeoutNanos = policy.perTryTimeout() == null ? 0 : policy.perTryTimeout().toNanos();
        this.baseNanos = policy.backoffBaseInterval().toNanos();
    }

    private void mark(int from, int to) {
        for (int code = from; code <= to; code++) {
            retriedStatus[code] = true;
        }
    }

    /** The route's retry policy among its filters, or null (no allocation). */
    public static RetryFilter in(List<HttpFilter> filters) {
        for (int i = 0; i < filters.size(); i++) {
            if (filters.get(i) instanceof RetryFilter retry) {
                return retry;
            }
        }
        return null;
    }

    public RetryPolicy policy() {
        return policy;
    }

    /** True when a final answer with {@code status} is retried. */
    public boolean retriesStatus(int status) {
        return status >= 0 && status < retriedStatus.length && retriedStatus[status];
    }

    /** True when a failed connection to the endpoint is retried ({@code connect-failure}, {@code 5xx}). */
    public boolean retriesConnectFailure() {
        return connectFailure;
    }

    /**
     * True when an upstream connection that closed or failed before the response head, or a try whose
     * {@code perTryTimeout} ran out, is retried ({@code reset}, {@code 5xx}).
     */
    public boolean retriesReset() {
        return reset;
    }

    /** The limit of one try, 0 for none (only the route's whole-request timeout). */
    public long perTryTimeoutNanos() {
        return perTryTimeoutNanos;
    }

    /**
     * Envoy's fully jittered exponential back-off before retry {@code retryNumber} (1 for the first): a
     * random time in {@code [0, (2^N - 1) * base]}, at most {@code 10 * base}.
     */
    public long backoffNanos(int retryNumber) {
        long multiplier = Math.min((1L << Math.min(retryNumber, 4)) - 1, 10);
        long ceiling = baseNanos > Long.MAX_VALUE / 10 ? Long.MAX_VALUE - 1 : baseNanos * multiplier;
        return ThreadLocalRandom.current().nextLong(ceiling + 1);
    }

    @Override
    public String toString() {
        return "RetryFilter" + policy.retryOn() + "x" + policy.numRetries();
    }
}
