package io.meshgate.kernel.filter;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Map;

/**
 * Answers every request of its route with a redirect to {@code <scheme>://<host>[:<port>]<uri>}, where
 * host is the one the request was routed by and uri the canonical path and query the proxy set before
 * filters ran. Both were validated by the proxy (host: letters, digits, {@code -._} or an IPv6 literal;
 * uri: canonical, no spaces or control characters), so the {@code Location} cannot be used to inject
 * headers or point at another host. Stateless, so thread-safe.
 */
public final class RedirectFilter implements HttpFilter {
    private final String schemePrefix;
    private final String portSuffix;
    private final HttpResponseStatus status;

    RedirectFilter(String scheme, String portSuffix, HttpResponseStatus status) {
        this.schemePrefix = scheme + "://";
        this.portSuffix = portSuffix;
        this.status = status;
    }

    @Override
    public FilterOutcome onRequest(FilterContext ctx, HttpRequest request) {
        if (ctx.host().isEmpty()) {
            // HTTP/1.0 without Host reaching a catch-all route: there is no name to send the client to
            return FilterOutcome.respond(HttpResponseStatus.BAD_REQUEST, "a redirect needs a Host header");
        }
        String location = schemePrefix + ctx.host() + portSuffix + request.uri();
        return FilterOutcome.respond(status, status.reasonPhrase(), Map.of(HttpHeaderNames.LOCATION.toString(), location));
    }

    @Override
    public String toString() {
        return "RedirectFilter[" + status.code() + " " + schemePrefix + "<host>" + portSuffix + "]";
    }
}
