package io.meshgate.api;

import io.helidon.http.Method;
import io.helidon.http.RequestException;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The routes of one {@link ApiService}, declared once and used twice: registered on Helidon's
 * {@link HttpRules} and listed as {@link ApiRoute}s. Per path: the handler of each method it serves,
 * and what it answers to any other method (405 unless the service says otherwise, since 405 versus
 * 404 tells a client whether the path exists). Optionally, what paths below the mount path that
 * match no declared path answer; without that, such requests go on to the next service.
 *
 * <p>A declared path also matches with one trailing slash ({@code /api/v1/ingresses/}): the API has
 * always read the two as the same resource, and clients may rely on it.
 */
final class Endpoints {
    /** The answer to a method a path does not serve. */
    static final ExchangeHandler METHOD_NOT_ALLOWED = ex -> {
        throw ApiException.methodNotAllowed(ex.method);
    };

    /** The answer to a path nothing serves. */
    static final ExchangeHandler NO_SUCH_PATH = ex -> {
        throw ApiException.notFound("no such path: " + ex.path());
    };

    private record PathEntry(String path, Map<Method, ExchangeHandler> methods, ExchangeHandler otherMethods) {
    }

    private final List<PathEntry> paths;
    private final ExchangeHandler otherPaths;

    private Endpoints(List<PathEntry> paths, ExchangeHandler otherPaths) {
        this.paths = List.copyOf(paths);
        this.otherPaths = otherPaths;
    }

    static Builder builder() {
        return new Builder();
    }

    /** The declared methods and paths; fallbacks for other methods and paths are not routes. */
    List<ApiRoute> routes() {
        List<ApiRoute> routes = new ArrayList<>();
        for (PathEntry p : paths) {
            p.methods().keySet().forEach(m -> routes.add(new ApiRoute(m.text(), p.path())));
        }
        return List.copyOf(routes);
    }

    /** Registers the paths in declaration order: the first declared path that matches a request wins. */
    void register(HttpRules rules) {
        for (PathEntry p : paths) {
            String pattern = pattern(p.path());
            p.methods().forEach((method, handler) -> rules.route(method, pattern, adapt(handler)));
            rules.any(pattern, adapt(p.otherMethods()));
        }
        if (otherPaths != null) {
            rules.any(adapt(otherPaths));
        }
    }

    /** The Helidon path pattern of a declared path: {@code /} already matches the mount path with or without a slash. */
    static String pattern(String path) {
        return path.equals("/") ? "/" : path + "[/]";
    }

    /**
     * A Helidon handler running {@code handler} on the request's {@link Exchange}. Helidon answers a
     * {@link RequestException} (such as a chunked body over the size limit) itself, bypassing the
     * routing's error handlers; here it is passed on as any other failure, so the client gets the
     * problem document (a 500) it has always got.
     */
    static Handler adapt(ExchangeHandler handler) {
        Objects.requireNonNull(handler, "handler");
        return (req, res) -> {
            try {
                handler.handle(new Exchange(req, res));
            } catch (RequestException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        };
    }

    /** Declares paths one after the other: {@code path(p)}, then its methods, then the next path. */
    static final class Builder {
        private final List<PathEntry> paths = new ArrayList<>();
        private String path;
        private Map<Method, ExchangeHandler> methods;
        private ExchangeHandler otherMethods;
        private ExchangeHandler otherPaths;

        private Builder() {}

        /** Starts the declarations of {@code path} ({@code /} for the mount path itself, else {@code /a/{param}}). */
        Builder path(String path) {
            finishPath();
            if (!path.startsWith("/") || (path.length() > 1 && path.endsWith("/"))) {
                throw new IllegalArgumentException("a path starts with '/' and does not end with one: " + path);
            }
            this.path = path;
            this.methods = new LinkedHashMap<>();
            this.otherMethods = METHOD_NOT_ALLOWED;
            return this;
        }

        Builder get(ExchangeHandler handler) {
            return method(Method.GET, handler);
        }

        Builder post(ExchangeHandler handler) {
            return method(Method.POST, handler);
        }

        Builder put(ExchangeHandler handler) {
            return method(Method.PUT, handler);
        }

        Builder patch(ExchangeHandler handler) {
            return method(Method.PATCH, handler);
        }

        Builder delete(ExchangeHandler handler) {
            return method(Method.DELETE, handler);
        }

        /** What the current path answers to the methods it does not serve (default: 405). */
        Builder otherMethods(ExchangeHandler handler) {
            requirePath();
            this.otherMethods = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /** What paths below the mount path that match no declared path answer. */
        Builder otherPaths(ExchangeHandler handler) {
            this.otherPaths = Objects.requireNonNull(handler, "handler");
            return this;
        }

        Endpoints build() {
            finishPath();
            return new Endpoints(paths, otherPaths);
        }

        private Builder method(Method method, ExchangeHandler handler) {
            requirePath();
            if (methods.putIfAbsent(method, Objects.requireNonNull(handler, "handler")) != null) {
                throw new IllegalStateException(method.text() + " " + path + " is declared twice");
            }
            return this;
        }

        private void requirePath() {
            if (path == null) {
                throw new IllegalStateException("declare a path first");
            }
        }

        private void finishPath() {
            if (path != null) {
                paths.add(new PathEntry(path, Collections.unmodifiableMap(methods), otherMethods));
                path = null;
            }
        }
    }
}
