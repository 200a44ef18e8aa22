package io.meshgate.kernel.filter;

import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;

/**
 * One feature applied to the requests of a route. The proxy calls {@link #onRequest} with the
 * request head after routing and before an upstream is chosen, in the order fixed by
 * {@link FilterRegistry}; {@link #onResponse} runs on the response head in reverse order;
 * {@link #onComplete} runs once per request however it ended (upstream answer, local answer,
 * failure) so that stateful features (circuit breakers, rate limits, metrics) can account for it.
 * Filters run on the connection's event loop: they must never block. A filter instance is shared by
 * all requests of its route and by all event loops, so it must be thread-safe.
 * HTTP/2 requests reach filters as the same HTTP/1-style objects.
 */
public interface HttpFilter {

    /** Inspect or change the request head; answer locally by returning {@link FilterOutcome#respond}. */
    default FilterOutcome onRequest(FilterContext ctx, HttpRequest request) {
        return FilterOutcome.proceed();
    }

    /** Inspect or change the response head (upstream or local) before it goes to the client. */
    default void onResponse(FilterContext ctx, HttpResponse response) {
    }

    /** Called once when the exchange ended; {@code status} is the status sent to the client (0 if none). */
    default void onComplete(FilterContext ctx, int status) {
    }
}
