package io.meshgate.kernel.filter;

import io.netty.handler.codec.http.HttpResponseStatus;

/** What a filter decided about a request: go on, or answer it locally with a short plain-text body. */
public record FilterOutcome(HttpResponseStatus status, String body) {
    private static final FilterOutcome PROCEED = new FilterOutcome(null, null);

    public static FilterOutcome proceed() {
        return PROCEED;
    }

    public static FilterOutcome respond(HttpResponseStatus status, String body) {
        return new FilterOutcome(status, body);
    }

    public boolean proceeds() {
        return status == null;
    }
}
