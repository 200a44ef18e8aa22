package io.meshgate.kernel.filter;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import io.meshgate.kernel.path.NormalizedTarget;
import io.meshgate.kernel.path.PathNormalizer;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Regex path rewrite (FSM's {@code rewrite-target-from}/{@code -to}). The proxy sets the request uri
 * to the canonical {@code path[?query]} before filters run; this filter replaces the first match of
 * the pattern in the path part, keeps the query, and canonicalises the result again, so a rewrite can
 * never forward a path the normaliser would have refused. If the result
 * is invalid, for example it climbs above the root or does not start with {@code /}, the request is
 * answered 400.
 *
 * <p>A {@code ?} written in the replacement starts a query; the client's query is then appended after
 * {@code &} (nginx {@code rewrite} semantics). Slashes are not merged again: the rewrite's result is
 * kept as configured, only made canonical. Thread-safe: RE2 patterns are, and matchers are per call.
 */
public final class RewriteFilter implements HttpFilter {
    private final Pattern pattern;
    private final ReplacementTemplate replacement;

    RewriteFilter(Pattern pattern, ReplacementTemplate replacement) {
        this.pattern = pattern;
        this.replacement = replacement;
    }

    @Override
    public FilterOutcome onRequest(FilterContext ctx, HttpRequest request) {
        String uri = request.uri();
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        Matcher matcher = pattern.matcher(path);
        if (!matcher.find()) {
            return FilterOutcome.proceed();
        }
        StringBuilder target = new StringBuilder(uri.length() + 16);
        target.append(path, 0, matcher.start());
        replacement.appendTo(target, matcher);
        target.append(path, matcher.end(), path.length());
        if (target.isEmpty() || target.charAt(0) == '?') {
            target.insert(0, '/'); // RFC 9110 §4.2.3: an empty path means "/"
        }
        if (q >= 0) {
            target.append(target.indexOf("?") >= 0 ? '&' : '?').append(uri, q + 1, uri.length());
        }
        NormalizedTarget rewritten = PathNormalizer.normalize(target.toString(), false);
        if (!rewritten.ok()) {
            return FilterOutcome.respond(HttpResponseStatus.BAD_REQUEST,
                    "rewrite produced an invalid path: " + rewritten.error());
        }
        request.setUri(rewritten.target());
        return FilterOutcome.proceed();
    }

    @Override
    public String toString() {
        return "RewriteFilter[" + pattern.pattern() + "]";
    }
}
