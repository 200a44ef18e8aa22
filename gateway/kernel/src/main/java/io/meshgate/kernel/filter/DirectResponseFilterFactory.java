package io.meshgate.kernel.filter;

import io.meshgate.config.DirectResponse;

/** Builds {@link DirectResponseFilter}s ({@code respond}). */
public final class DirectResponseFilterFactory implements FilterFactory<DirectResponse> {

    @Override
    public Class<DirectResponse> configType() {
        return DirectResponse.class;
    }

    @Override
    public HttpFilter create(DirectResponse config) {
        return new DirectResponseFilter(config.status(), config.body());
    }
}
