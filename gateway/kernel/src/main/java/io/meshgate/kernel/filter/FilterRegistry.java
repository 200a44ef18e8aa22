package io.meshgate.kernel.filter;

import io.meshgate.config.FilterConfig;
import io.meshgate.kernel.ratelimit.LocalRateLimits;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one ordered table of per-route filter features. It maps each {@link FilterConfig} record class
 * to the {@link FilterFactory} that builds its running filter, and its row order is the order filters
 * run in: on a request top to bottom, on a response bottom to top. The order in a route's config never
 * matters, so two translators (Ingress annotations, FSM policies) cannot produce different behaviour
 * from the same features. Immutable and thread-safe.
 */
public final class FilterRegistry {

    /** One row of the table: a feature's stable name (docs, admin) and its factory. */
    public record Feature(String name, FilterFactory<?> factory) {
        public Feature {
            if (name == null || name.isBlank() || factory == null) {
                throw new IllegalArgumentException("a filter feature needs a name and a factory");
            }
        }
    }

    private final List<Feature> table;
    private final Map<Class<?>, Integer> positionByConfigType;
    private final LocalRateLimits rateLimits;

    FilterRegistry(List<Feature> table) {
        this(table, LocalRateLimits.unregistered());
    }

    FilterRegistry(List<Feature> table, LocalRateLimits rateLimits) {
        this.rateLimits = rateLimits;
        this.table = List.copyOf(table);
        Map<Class<?>, Integer> positions = new HashMap<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < this.table.size(); i++) {
            Feature feature = this.table.get(i);
            if (!names.add(feature.name())) {
                throw new IllegalArgumentException("filter feature " + feature.name() + " is registered twice");
            }
            Class<?> type = feature.factory().configType();
            if (positions.putIfAbsent(type, i) != null) {
                throw new IllegalArgumentException("config class " + type.getName() + " has two filter features");
            }
        }
        this.positionByConfigType = Map.copyOf(positions);
    }

    /**
     * The standard table.
     *
     * <p>HOW THE ORDER IS DECIDED. A row runs before every row below it. Place a new feature by what it
     * must see and what it must protect, cheapest rejection first:
     * <pre>
     *   respond          answers every request locally with a fixed status and body (egress's 403):
     *                    the route has nothing else to do, and nothing below may act on its requests
     *   redirect         answers locally (e.g. plain HTTP to an HTTPS-only host): nothing below may act
     *                    on a request whose client is told to go elsewhere, credentials included
     *   cors             answers preflight OPTIONS locally: browsers send no credentials on it
     *   access control   IP / identity allow-deny: refuse before anything spends effort
     *   ext-auth         calls out: only for requests not refused already
     *   rate limit       counts only requests that were allowed in
     *   circuit breaker  refuses when the upstream is failing; sees the outcome in onComplete
     *   fault injection  delays/aborts what would otherwise go upstream
     *   rewrite          changes the path after every check made on the path the client asked for
     *   headers          final request head edits (and first response edits, order being reversed)
     *   mirroring        copies the request exactly as it will go upstream
     *   retry            last: it re-sends the request exactly as every row above left it, and has no
     *                    hook of its own (the exchange asks it after a failed try)
     * </pre>
     * Only the rows of features that exist are in the table below; a later feature is inserted at its
     * place in that list, never appended blindly.
     */
    public static FilterRegistry standard() {
        return standard(LocalRateLimits.unregistered());
    }

    /** The standard table, its rate limits drawing from (and counting in) {@code rateLimits}. */
    public static FilterRegistry standard(LocalRateLimits rateLimits) {
        return new FilterRegistry(List.of(
                new Feature("respond", new DirectResponseFilterFactory()),
                new Feature("redirect", new RedirectFilterFactory()),
                new Feature("rateLimit", new LocalRateLimitFilterFactory(rateLimits)),
                new Feature("rewrite", new RewriteFilterFactory()),
                new Feature("headers", new HeaderMutationFilterFactory()),
                new Feature("retry", new RetryFilterFactory())), rateLimits);
    }

    /** The kernel's rate-limit buckets and counters (the mesh listeners' connection limits use them too). */
    public LocalRateLimits rateLimits() {
        return rateLimits;
    }

    /** Feature names in run order, for docs and the admin API. */
    public List<String> featureNames() {
        return table.stream().map(Feature::name).toList();
    }

    /**
     * Builds the running filters of one route, sorted by table order (features of the same kind keep
     * their config order).
     *
     * @throws IllegalArgumentException for a config class no feature handles, or bad settings
     */
    public List<HttpFilter> build(List<FilterConfig> configs) {
        if (configs.isEmpty()) {
            return List.of();
        }
        List<FilterConfig> sorted = new ArrayList<>(configs);
        for (FilterConfig config : sorted) {
            positionOf(config); // fail on an unknown class before building anything
        }
        sorted.sort(Comparator.comparingInt(this::positionOf)); // List.sort is stable
        List<HttpFilter> filters = new ArrayList<>(sorted.size());
        for (FilterConfig config : sorted) {
            Feature feature = table.get(positionOf(config));
            try {
                filters.add(create(feature.factory(), config));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("filter " + feature.name() + ": " + e.getMessage(), e);
            }
        }
        return List.copyOf(filters);
    }

    private int positionOf(FilterConfig config) {
        Integer position = positionByConfigType.get(config.getClass());
        if (position == null) {
            throw new IllegalArgumentException("no filter feature handles config class " + config.getClass().getName()
                    + " (type '" + config.type() + "'); known features: " + featureNames());
        }
        return position;
    }

    @SuppressWarnings("unchecked")
    private static <C extends FilterConfig> HttpFilter create(FilterFactory<C> factory, FilterConfig config) {
        // safe: the position lookup matched config's class to this factory's configType()
        return factory.create((C) config);
    }
}
