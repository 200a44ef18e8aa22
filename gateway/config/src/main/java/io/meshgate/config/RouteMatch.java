package io.meshgate.config;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a request must look like to take a route: a path match, optionally a set of methods
 * (empty = any) and header matches (all must hold).
 */
public record RouteMatch(PathMatch path, Set<String> methods, List<HeaderMatch> headers) {

    public static final RouteMatch ANY = new RouteMatch(PathMatch.prefix("/"), Set.of(), List.of());

    public RouteMatch {
        path = path == null ? PathMatch.prefix("/") : path;
        methods = methods == null ? Set.of()
                : methods.stream().map(m -> m.toUpperCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        headers = Checks.list(headers);
    }

    public static RouteMatch path(PathMatch path) {
        return new RouteMatch(path, Set.of(), List.of());
    }
}
