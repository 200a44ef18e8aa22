package io.meshgate.sidecar.translator.ratelimit;

import io.meshgate.config.Access;
import io.meshgate.config.AccessGrant;
import io.meshgate.config.PathMatch;
import io.meshgate.config.RouteMatch;
import java.util.ArrayList;
import java.util.List;

/**
 * The routes FSM would build on an inbound HTTP port, read from the rule's access: without access (no
 * policy: permissive mode) or with a grant admitting every request, the catch-all {@code .*}; each
 * HTTPRouteGroup match of a grant is a route whose path is its {@code pathRegex} ({@code .*} when it has
 * none). {@code httpRoutes[].path} names one of them by that text.
 */
record InboundRoutes(boolean hasCatchAll, List<RouteMatch> matches) {

    static InboundRoutes of(Access access) {
        if (access == null) {
            return new InboundRoutes(true, List.of());
        }
        boolean any = false;
        List<RouteMatch> matches = new ArrayList<>();
        for (AccessGrant grant : access.grants()) {
            if (grant.matches().isEmpty()) {
                any = true;
            }
            for (RouteMatch match : grant.matches()) {
                if (!matches.contains(match)) {
                    matches.add(match);
                }
            }
        }
        return new InboundRoutes(any, List.copyOf(matches));
    }

    /** The grant matches whose path is {@code path} (FSM compares the text); the catch-all is not among them. */
    List<RouteMatch> matchesOf(String path) {
        List<RouteMatch> out = new ArrayList<>();
        for (RouteMatch match : matches) {
            if (pathOf(match).equals(path) && !(hasCatchAll && match.equals(RouteMatch.ANY))) {
                out.add(match);
            }
        }
        return out;
    }

    /** A match's FSM path: its RE2 expression, or {@code .*} for a match without {@code pathRegex}. */
    static String pathOf(RouteMatch match) {
        return match.path().type() == PathMatch.Type.REGEX ? match.path().value() : InboundRateLimits.ANY_PATH;
    }
}
