package io.meshgate.kernel.routing;

import io.meshgate.config.HeaderMatch;
import io.meshgate.config.RouteMatch;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import java.util.Set;

/**
 * A compiled {@link RouteMatch}: canonical path match, methods, header conditions. Routes use it to
 * pick a route; mesh access grants use it to decide whether a request is one a grant allows (FSM's
 * HTTPRouteGroup matches). Immutable and shared by all event loops.
 */
public final class RequestMatcher {
    private final PathMatcher path;
    private final Set<String> methods;
    private final HeaderMatcher[] headers;

    private RequestMatcher(PathMatcher path, Set<String> methods, HeaderMatcher[] headers) {
        this.path = path;
        this.methods = methods;
        this.headers = headers;
    }

    /**
     * @param where names the config element in error messages ("virtualHost v route r")
     * @throws IllegalArgumentException for a bad regex or a match path that can never match
     */
    public static RequestMatcher compile(RouteMatch match, String where) {
        List<HeaderMatch> headerMatches = match.headers();
        HeaderMatcher[] headers = new HeaderMatcher[headerMatches.size()];
        for (int i = 0; i < headers.length; i++) {
            headers[i] = HeaderMatcher.compile(headerMatches.get(i), where);
        }
        return new RequestMatcher(PathMatcher.compile(match.path(), where), match.methods(), headers);
    }

    /**
     * True when the request matches: path, then method, then every header condition.
     *
     * @param requestPath canonical path from the path normaliser (no query)
     * @param method      upper-case method name
     */
    public boolean matches(String requestPath, String method, HttpHeaders requestHeaders) {
        if (!path.matches(requestPath)) {
            return false;
        }
        if (!methods.isEmpty() && !methods.contains(method)) {
            return false;
        }
        for (HeaderMatcher header : headers) {
            if (!header.matches(requestHeaders)) {
                return false;
            }
        }
        return true;
    }
}
