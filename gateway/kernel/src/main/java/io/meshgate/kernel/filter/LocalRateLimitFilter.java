package io.meshgate.kernel.filter;

import io.meshgate.kernel.ratelimit.TokenBucket;
import io.micrometer.core.instrument.Counter;
import io.netty.handler.codec.http.HttpRequest;

/**
 * Takes a token from its bucket for each request; with none left, answers at once with the configured
 * status (429 unless set) and headers, so the request never reaches the upstream, and counts the
 * refusal. The bucket is shared by every route of the limit and every event loop; the outcome is built
 * once: a request costs one compare-and-set, and a refusal one counter increment, without allocation.
 */
public final class LocalRateLimitFilter implements HttpFilter {
    private final TokenBucket bucket;
    private final Counter limited;
    private final FilterOutcome refusal;

    LocalRateLimitFilter(TokenBucket bucket, Counter limited, FilterOutcome refusal) {
        this.bucket = bucket;
        this.limited = limited;
        this.refusal = refusal;
    }

    @Override
    public FilterOutcome onRequest(FilterContext ctx, HttpRequest request) {
        if (bucket.tryTake()) {
            return FilterOutcome.proceed();
        }
        limited.increment();
        return refusal;
    }

    TokenBucket bucket() {
        return bucket;
    }

    @Override
    public String toString() {
        return "LocalRateLimitFilter[" + bucket.settings() + ", " + refusal.status().code() + "]";
    }
}
