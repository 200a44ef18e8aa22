package io.meshgate.kernel.filter;

import io.meshgate.config.RetryPolicy;

/** Builds {@link RetryFilter}s ({@code retry}). */
public final class RetryFilterFactory implements FilterFactory<RetryPolicy> {

    @Override
    public Class<RetryPolicy> configType() {
        return RetryPolicy.class;
    }

    @Override
    public HttpFilter create(RetryPolicy config) {
        return new RetryFilter(config);
    }
}
