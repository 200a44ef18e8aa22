package io.meshgate.kernel.filter;

import io.meshgate.config.Redirect;
import io.netty.handler.codec.http.HttpResponseStatus;

/** Builds {@link RedirectFilter}s: the port part of the location is fixed once per route. */
public final class RedirectFilterFactory implements FilterFactory<Redirect> {

    @Override
    public Class<Redirect> configType() {
        return Redirect.class;
    }

    @Override
    public HttpFilter create(Redirect config) {
        int defaultPort = config.scheme().equals("https") ? 443 : 80;
        String portSuffix = config.port() == 0 || config.port() == defaultPort ? "" : ":" + config.port();
        return new RedirectFilter(config.scheme(), portSuffix, HttpResponseStatus.valueOf(config.status()));
    }
}
