package io.meshgate.kernel.filter;

import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;

/**
 * Applies a route's {@link io.meshgate.config.HeaderMutation}: request edits before the request goes
 * upstream, response edits before the response (upstream or local) goes back to the client. On each
 * side removes run first, then sets, then adds. Never refuses a request. Immutable, thread-safe.
 */
public final class HeaderMutationFilter implements HttpFilter {
    private final HeaderEdits request;
    private final HeaderEdits response;

    HeaderMutationFilter(HeaderEdits request, HeaderEdits response) {
        this.request = request;
        this.response = response;
    }

    @Override
    public FilterOutcome onRequest(FilterContext ctx, HttpRequest httpRequest) {
        if (!request.isEmpty()) {
            request.applyTo(httpRequest.headers());
        }
        return FilterOutcome.proceed();
    }

    @Override
    public void onResponse(FilterContext ctx, HttpResponse httpResponse) {
        if (!response.isEmpty()) {
            response.applyTo(httpResponse.headers());
        }
    }
}
