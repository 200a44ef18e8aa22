package io.meshgate.sidecar.translator.split;

import io.meshgate.config.PathMatch;
import io.meshgate.config.RouteMatch;
import java.util.Comparator;
import java.util.Set;

/**
 * One HTTPRouteGroup match a scoped TrafficSplit takes, as a route match.
 *
 * <p>The routes of several scoped splits of one root are tried most specific first, so that seed 1.4's
 * pair works whatever the splits are called: {@code httpbin-test} ({@code pathRegex: /test}) before
 * {@code httpbin-all} ({@code pathRegex: .*}). Order: a path regex that names paths before one that
 * matches every path ({@code .*}, {@code /.*} or none), then matches with header conditions before
 * those without, then with methods before any method; ties keep the splits' name order and the
 * groups' match order (a stable sort).
 *
 * @param name {@code <group>|<match>}
 */
record SplitMatch(String name, RouteMatch match) {
    private static final Set<String> EVERY_PATH = Set.of(".*", "/.*");

    /** Most specific first (see the class comment); stable sorts keep the order of equals. */
    static final Comparator<SplitMatch> MOST_SPECIFIC_FIRST = Comparator
            .comparing((SplitMatch m) -> m.everyPath())
            .thenComparing(m -> m.match().headers().isEmpty())
            .thenComparing(m -> m.match().methods().isEmpty());

    /** True when the path condition takes every path. */
    boolean everyPath() {
        PathMatch path = match.path();
        return switch (path.type()) {
            case REGEX -> EVERY_PATH.contains(path.value());
            case PREFIX -> path.value().equals("/");
            default -> false;
        };
    }
}
