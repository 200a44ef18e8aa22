package io.meshgate.kernel.filter;

import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Answers every request of its route with a fixed status and plain-text body ({@code respond}), before
 * any upstream is chosen: egress routes end with one, so a request to an allowed external host that
 * no policy match names gets FSM's {@code 403 Access Denied} at the client's sidecar. The body is sent
 * exactly as configured, with its {@code content-length}; the connection stays open when the request
 * allows it. Stateless (the outcome is built once), so thread-safe and allocation-free per request.
 */
public final class DirectResponseFilter implements HttpFilter {
    private final FilterOutcome outcome;

    DirectResponseFilter(int status, String body) {
        this.outcome = FilterOutcome.respondVerbatim(HttpResponseStatus.valueOf(status), body);
    }

    @Override
    public FilterOutcome onRequest(FilterContext ctx, HttpRequest request) {
        return outcome;
    }

    @Override
    public String toString() {
        return "DirectResponseFilter[" + outcome.status().code() + ", " + outcome.body().length() + " chars]";
    }
}
