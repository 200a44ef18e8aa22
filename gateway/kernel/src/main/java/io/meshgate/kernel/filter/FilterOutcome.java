package io.meshgate.kernel.filter;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Map;

/**
 * What a filter decided about a request: go on, or answer it locally with a short plain-text body
 * and, for answers that need them (a redirect's {@code Location}), extra response headers.
 *
 * @param headers extra headers of a local answer, by name; never framing or hop-by-hop headers
 */
public record FilterOutcome(HttpResponseStatus status, String body, Map<String, String> headers) {
    private static final FilterOutcome PROCEED = new FilterOutcome(null, null, Map.of());

    public FilterOutcome {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public static FilterOutcome proceed() {
        return PROCEED;
    }

    public static FilterOutcome respond(HttpResponseStatus status, String body) {
        return new FilterOutcome(status, body, Map.of());
    }

    /** A local answer with extra response headers. */
    public static FilterOutcome respond(HttpResponseStatus status, String body, Map<String, String> headers) {
        return new FilterOutcome(status, body, headers);
    }

    public boolean proceeds() {
        return status == null;
    }
}
