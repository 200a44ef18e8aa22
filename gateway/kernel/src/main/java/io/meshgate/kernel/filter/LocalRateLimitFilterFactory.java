package io.meshgate.kernel.filter;

import io.meshgate.config.LocalRateLimit;
import io.meshgate.kernel.ratelimit.LocalRateLimits;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Builds {@link LocalRateLimitFilter}s ({@code rateLimit}) on the kernel's buckets: filters naming the
 * same bucket (every route of a Service's virtual host) share it.
 */
public final class LocalRateLimitFilterFactory implements FilterFactory<LocalRateLimit> {
    /** The body of a refusal, Envoy's local rate limit's. */
    static final String BODY = "local_rate_limited";

    private final LocalRateLimits limits;

    LocalRateLimitFilterFactory(LocalRateLimits limits) {
        this.limits = limits;
    }

    @Override
    public Class<LocalRateLimit> configType() {
        return LocalRateLimit.class;
    }

    @Override
    public HttpFilter create(LocalRateLimit config) {
        String scope = config.scope() == LocalRateLimit.Scope.ROUTE ? "throttle_route" : "throttle_service";
        FilterOutcome refusal = new FilterOutcome(HttpResponseStatus.valueOf(config.responseStatusCode()), BODY,
                config.responseHeadersToAdd(), true);
        return new LocalRateLimitFilter(limits.bucket("http " + config.bucket(), config.tokens()),
                limits.httpCounter(config.bucket(), scope), refusal);
    }

    LocalRateLimits limits() {
        return limits;
    }
}
