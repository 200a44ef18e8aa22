package io.meshgate.kernel.filter;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Map;

/**
 * What a filter decided about a request: go on, or answer it locally with a short plain-text body
 * and, for answers that need them (a redirect's {@code Location}), extra response headers.
 *
 * @param headers  extra headers of a local answer, by name; never framing or hop-by-hop headers
 * @param verbatim the body is sent exactly as given (a configured answer); false: it is the proxy's
 *                 short cause, sent like the proxy's own answers (with a line end)
 */
public record FilterOutcome(HttpResponseStatus status, String body, Map<String, String> headers, boolean verbatim) {
    private static final FilterOutcome PROCEED = new FilterOutcome(null, null, Map.of(), false);

    public FilterOutcome {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public static FilterOutcome proceed() {
        return PROCEED;
    }

    public static FilterOutcome respond(HttpResponseStatus status, String body) {
        return new FilterOutcome(status, body, Map.of(), false);
    }

    /** A local answer with extra response headers. */
    public static FilterOutcome respond(HttpResponseStatus status, String body, Map<String, String> headers) {
        return new FilterOutcome(status, body, headers, false);
    }

    /** A local answer whose plain-text body is sent byte for byte (empty: no body at all). */
    public static FilterOutcome respondVerbatim(HttpResponseStatus status, String body) {
        return new FilterOutcome(status, body, Map.of(), true);
    }

    public boolean proceeds() {
        return status == null;
    }
}
