package io.meshgate.kernel.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshgate.config.FilterConfig;
import io.meshgate.config.HeaderMatch;
import io.meshgate.config.HeaderMutation;
import io.meshgate.config.PathMatch;
import io.meshgate.config.Rewrite;
import io.meshgate.config.Route;
import io.meshgate.config.RouteMatch;
import io.meshgate.config.VirtualHost;
import io.meshgate.config.WeightedCluster;
import io.meshgate.kernel.filter.FilterRegistry;
import io.meshgate.kernel.filter.HeaderMutationFilter;
import io.meshgate.kernel.filter.RewriteFilter;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouterTest {

    private static final HttpHeaders NO_HEADERS = new DefaultHttpHeaders();

    private static VirtualHost host(String name, List<String> domains, Route... routes) {
        return new VirtualHost(name, domains, List.of(routes));
    }

    private static Route route(String name, PathMatch path) {
        return Route.to(name, RouteMatch.path(path), name + "-cluster");
    }

    private static Router router(VirtualHost... hosts) {
        return Router.compile(List.of(hosts), FilterRegistry.standard());
    }

    /** Name of the route taken by a GET with no headers, or null. */
    private static String routeOf(Router router, String host, String path) {
        RouteMatchResult result = router.match(host, path, "GET", NO_HEADERS);
        return result == null ? null : result.route().name();
    }

    @Test
    void exactDomainBeatsWildcardWhichBeatsCatchAll() {
        Router router = router(
                host("any", List.of("*"), route("any", PathMatch.prefix("/"))),
                host("wild", List.of("*.foo.com"), route("wild", PathMatch.prefix("/"))),
                host("exact", List.of("bar.foo.com"), route("exact", PathMatch.prefix("/"))));

        assertThat(routeOf(router, "bar.foo.com", "/")).isEqualTo("exact");
        assertThat(routeOf(router, "qux.foo.com", "/")).isEqualTo("wild");
        assertThat(routeOf(router, "example.org", "/")).isEqualTo("any");
        assertThat(routeOf(router, "", "/")).isEqualTo("any");
        assertThat(routeOf(router, null, "/")).isEqualTo("any");
    }

    @Test
    void wildcardMatchesExactlyOneExtraLabel() {
        Router router = router(host("wild", List.of("*.foo.com"), route("wild", PathMatch.prefix("/"))));

        assertThat(routeOf(router, "bar.foo.com", "/")).isEqualTo("wild");
        assertThat(routeOf(router, "foo.com", "/")).isNull();
        assertThat(routeOf(router, "baz.bar.foo.com", "/")).isNull();
        assertThat(routeOf(router, ".foo.com", "/")).isNull();
        assertThat(routeOf(router, "barfoo.com", "/")).isNull();
    }

    @Test
    void aMoreSpecificWildcardWinsForItsOwnLabel() {
        Router router = router(
                host("short", List.of("*.com"), route("short", PathMatch.prefix("/"))),
                host("long", List.of("*.foo.com"), route("long", PathMatch.prefix("/"))));

        assertThat(routeOf(router, "bar.foo.com", "/")).isEqualTo("long");
        assertThat(routeOf(router, "foo.com", "/")).isEqualTo("short");
    }

    @Test
    void domainsAreMatchedCaseInsensitivelyThroughTheLowercasedConfig() {
        Router router = router(host("h", List.of("Example.COM"), route("r", PathMatch.prefix("/"))));

        assertThat(routeOf(router, "example.com", "/")).isEqualTo("r");
    }

    @Test
    void unknownHostWithoutCatchAllMatchesNothing() {
        Router router = router(host("h", List.of("example.com"), route("r", PathMatch.prefix("/"))));

        assertThat(router.match("other.com", "/", "GET", NO_HEADERS)).isNull();
        assertThat(Router.compile(List.of(), FilterRegistry.standard()).match("a", "/", "GET", NO_HEADERS)).isNull();
    }

    @Test
    void aDomainClaimedTwiceIsRejected() {
        assertThatThrownBy(() -> router(
                host("one", List.of("a.com"), route("r1", PathMatch.prefix("/"))),
                host("two", List.of("b.com", "a.com"), route("r2", PathMatch.prefix("/")))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a.com").hasMessageContaining("one").hasMessageContaining("two");
    }

    @Test
    void prefixMatchesWholeSegmentsOnly() {
        Router router = router(host("h", List.of("*"), route("api", PathMatch.prefix("/api"))));

        assertThat(routeOf(router, "h", "/api")).isEqualTo("api");
        assertThat(routeOf(router, "h", "/api/")).isEqualTo("api");
        assertThat(routeOf(router, "h", "/api/x/y")).isEqualTo("api");
        assertThat(routeOf(router, "h", "/apiary")).isNull();
        assertThat(routeOf(router, "h", "/ap")).isNull();
        assertThat(routeOf(router, "h", "/")).isNull();
        assertThat(routeOf(router, "h", "/API")).isNull();
    }

    @Test
    void trailingSlashOfAConfiguredPrefixIsIgnored() {
        Router router = router(host("h", List.of("*"), route("api", PathMatch.prefix("/api/"))));

        assertThat(routeOf(router, "h", "/api")).isEqualTo("api");
        assertThat(routeOf(router, "h", "/api/x")).isEqualTo("api");
        assertThat(routeOf(router, "h", "/apiary")).isNull();
    }

    @Test
    void rootPrefixMatchesEverything() {
        Router router = router(host("h", List.of("*"), route("root", PathMatch.prefix("/"))));

        assertThat(routeOf(router, "h", "/")).isEqualTo("root");
        assertThat(routeOf(router, "h", "/anything/at/all")).isEqualTo("root");
        assertThat(routeOf(router, "h", "//x")).isEqualTo("root");
    }

    @Test
    void configuredPathsAreCanonicalisedLikeRequests() {
        Router router = router(host("h", List.of("*"),
                route("encoded", PathMatch.prefix("/%61pi")),
                route("dots", PathMatch.exact("/x/../exact"))));

        assertThat(routeOf(router, "h", "/api/v1")).isEqualTo("encoded");
        assertThat(routeOf(router, "h", "/exact")).isEqualTo("dots");
    }

    @Test
    void configuredPathsThatCouldNeverMatchAreRejected() {
        assertThatThrownBy(() -> router(host("h", List.of("*"), route("bad", PathMatch.prefix("/a/%2f")))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("route bad").hasMessageContaining("encoded slash");
        assertThatThrownBy(() -> router(host("h", List.of("*"), route("q", PathMatch.exact("/a?b=1")))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'?'");
    }

    @Test
    void exactMatchesTheWholePathOnly() {
        Router router = router(host("h", List.of("*"), route("exact", PathMatch.exact("/health"))));

        assertThat(routeOf(router, "h", "/health")).isEqualTo("exact");
        assertThat(routeOf(router, "h", "/health/")).isNull();
        assertThat(routeOf(router, "h", "/health/x")).isNull();
        assertThat(routeOf(router, "h", "/healthz")).isNull();
    }

    @Test
    void regexMustMatchTheWholePath() {
        Router router = router(host("h", List.of("*"), route("re", PathMatch.regex("/users/[0-9]+"))));

        assertThat(routeOf(router, "h", "/users/42")).isEqualTo("re");
        assertThat(routeOf(router, "h", "/users/42/edit")).isNull();
        assertThat(routeOf(router, "h", "/v1/users/42")).isNull();
    }

    @Test
    void catastrophicBacktrackingPatternCompletesOnALongInput() {
        // (a+)+$ takes exponential time in a backtracking engine on "aaaa...!"; RE2 is linear
        Router router = router(host("h", List.of("*"), route("evil", PathMatch.regex("/(a+)+$"))));
        String hostile = "/" + "a".repeat(50_000) + "!";

        assertThat(routeOf(router, "h", hostile)).isNull();
        assertThat(routeOf(router, "h", "/" + "a".repeat(50_000))).isEqualTo("evil");
    }

    @Test
    void badRegexIsRejectedWithThePatternInTheMessage() {
        assertThatThrownBy(() -> router(host("h", List.of("*"), route("broken", PathMatch.regex("/(unclosed")))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/(unclosed").hasMessageContaining("route broken");
        // RE2 has no backreferences: refused at compile time, not at request time
        assertThatThrownBy(() -> router(host("h", List.of("*"), route("backref", PathMatch.regex("/(a)\\1")))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/(a)\\1");
    }

    @Test
    void badHeaderRegexIsRejectedWithThePattern() {
        Route r = new Route("r", new RouteMatch(PathMatch.prefix("/"), Set.of(),
                List.of(new HeaderMatch("x-v", HeaderMatch.Type.REGEX, "[z-a]"))),
                List.of(new WeightedCluster("c", 1)), List.of(), null);

        assertThatThrownBy(() -> router(host("h", List.of("*"), r)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[z-a]");
    }

    @Test
    void routesAreTriedInConfigOrderAndTheFirstMatchWins() {
        Router router = router(host("h", List.of("*"),
                route("specific", PathMatch.prefix("/api/v2")),
                route("general", PathMatch.prefix("/api")),
                route("shadowed", PathMatch.prefix("/api/v3"))));

        assertThat(routeOf(router, "h", "/api/v2/x")).isEqualTo("specific");
        assertThat(routeOf(router, "h", "/api/v3/x")).isEqualTo("general");
    }

    @Test
    void methodsRestrictARouteAndEmptyMeansAny() {
        Route writes = new Route("writes", new RouteMatch(PathMatch.prefix("/"), Set.of("post", "PUT"), List.of()),
                List.of(new WeightedCluster("w", 1)), List.of(), null);
        Router router = router(host("h", List.of("*"), writes, route("reads", PathMatch.prefix("/"))));

        assertThat(router.match("h", "/x", "POST", NO_HEADERS).route().name()).isEqualTo("writes");
        assertThat(router.match("h", "/x", "PUT", NO_HEADERS).route().name()).isEqualTo("writes");
        assertThat(router.match("h", "/x", "GET", NO_HEADERS).route().name()).isEqualTo("reads");
        assertThat(router.match("h", "/x", "DELETE", NO_HEADERS).route().name()).isEqualTo("reads");
    }

    @Test
    void allHeaderConditionsMustHoldAndNamesAreCaseInsensitive() {
        Route canary = new Route("canary", new RouteMatch(PathMatch.prefix("/"), Set.of(), List.of(
                new HeaderMatch("X-Canary", HeaderMatch.Type.EXACT, "yes"),
                new HeaderMatch("user-agent", HeaderMatch.Type.REGEX, "Mozilla/.* Firefox/[0-9.]+"),
                new HeaderMatch("X-Debug", HeaderMatch.Type.PRESENT, null))),
                List.of(new WeightedCluster("canary", 1)), List.of(), null);
        Router router = router(host("h", List.of("*"), canary, route("stable", PathMatch.prefix("/"))));

        HttpHeaders all = new DefaultHttpHeaders()
                .add("x-canary", "yes").add("User-Agent", "Mozilla/5.0 Firefox/128.0").add("x-debug", "");
        assertThat(router.match("h", "/", "GET", all).route().name()).isEqualTo("canary");

        HttpHeaders wrongValue = all.copy().set("X-CANARY", "YES");
        assertThat(router.match("h", "/", "GET", wrongValue).route().name()).isEqualTo("stable");

        // a search would find the pattern in this value; a full match does not
        HttpHeaders partialRegex = all.copy().set("user-agent", "Mozilla/5.0 Firefox/128.0 Evil/1");
        assertThat(router.match("h", "/", "GET", partialRegex).route().name()).isEqualTo("stable");

        HttpHeaders missing = all.copy().remove("x-debug");
        assertThat(router.match("h", "/", "GET", missing).route().name()).isEqualTo("stable");
    }

    @Test
    void aRepeatedHeaderMatchesWhenAnyOfItsValuesDoes() {
        Route route = new Route("r", new RouteMatch(PathMatch.prefix("/"), Set.of(),
                List.of(new HeaderMatch("x-tag", HeaderMatch.Type.EXACT, "b"))),
                List.of(new WeightedCluster("c", 1)), List.of(), null);
        Router router = router(host("h", List.of("*"), route));

        assertThat(router.match("h", "/", "GET", new DefaultHttpHeaders().add("x-tag", "a").add("x-tag", "b")))
                .isNotNull();
        assertThat(router.match("h", "/", "GET", new DefaultHttpHeaders().add("x-tag", "a"))).isNull();
    }

    @Test
    void resultCarriesTheVirtualHostConfigTimeoutAndOrderedFilters() {
        List<FilterConfig> filters = List.of(
                new HeaderMutation(Map.of("x-a", "1"), null, null, null, null, null),
                new Rewrite("^/old", "/new"));
        Route configured = new Route("r", RouteMatch.ANY, List.of(new WeightedCluster("c", 1)), filters,
                Duration.ofSeconds(7));
        VirtualHost vh = host("h", List.of("*"), configured);
        Router router = router(vh);

        RouteMatchResult result = router.match("x", "/", "GET", NO_HEADERS);

        assertThat(result.virtualHost()).isSameAs(vh);
        assertThat(result.route().config()).isSameAs(configured);
        assertThat(result.route().timeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(result.route().filters()).hasExactlyElementsOfTypes(RewriteFilter.class, HeaderMutationFilter.class);
        assertThat(router.match("x", "/other", "GET", NO_HEADERS)).isSameAs(result);
    }

    @Test
    void badFilterSettingsNameTheRoute() {
        Route route = Route.to("r", RouteMatch.ANY, "c").withFilters(List.of(new Rewrite("(", "/")));

        assertThatThrownBy(() -> router(host("vh", List.of("*"), route)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("virtualHost vh route r").hasMessageContaining("rewrite");
    }

    private static CompiledRoute weighted(WeightedCluster... clusters) {
        Route route = new Route("w", RouteMatch.ANY, List.of(clusters), List.of(), null);
        return router(host("h", List.of("*"), route)).match("h", "/", "GET", NO_HEADERS).route();
    }

    @Test
    void singleClusterIsAlwaysPicked() {
        CompiledRoute route = weighted(new WeightedCluster("only", 1));

        for (int i = 0; i < 100; i++) {
            assertThat(route.pickCluster()).isEqualTo("only");
        }
    }

    @Test
    void weightZeroIsNeverPicked() {
        CompiledRoute route = weighted(new WeightedCluster("off", 0), new WeightedCluster("a", 1),
                new WeightedCluster("off2", 0), new WeightedCluster("b", 1), new WeightedCluster("off3", 0));

        for (int i = 0; i < 10_000; i++) {
            assertThat(route.pickCluster()).isIn("a", "b");
        }
    }

    @Test
    void eightyTwentySplitIsRespectedLoosely() {
        CompiledRoute route = weighted(new WeightedCluster("v1", 80), new WeightedCluster("v2", 20));
        Map<String, Integer> counts = new HashMap<>();

        for (int i = 0; i < 10_000; i++) {
            counts.merge(route.pickCluster(), 1, Integer::sum);
        }

        // expected 8000/2000, standard deviation 40: +-400 is ten sigmas
        assertThat(counts).containsOnlyKeys("v1", "v2");
        assertThat(counts.get("v1")).isBetween(7_600, 8_400);
        assertThat(counts.get("v2")).isBetween(1_600, 2_400);
    }

    @Test
    void hugeWeightsDoNotOverflow() {
        CompiledRoute route = weighted(new WeightedCluster("a", Integer.MAX_VALUE),
                new WeightedCluster("b", Integer.MAX_VALUE), new WeightedCluster("c", Integer.MAX_VALUE));
        Map<String, Integer> counts = new HashMap<>();

        for (int i = 0; i < 3_000; i++) {
            counts.merge(route.pickCluster(), 1, Integer::sum);
        }

        assertThat(counts).containsOnlyKeys("a", "b", "c");
    }

    @Test
    void allWeightsZeroPicksNothing() {
        CompiledRoute route = weighted(new WeightedCluster("a", 0), new WeightedCluster("b", 0));

        assertThat(route.pickCluster()).isNull();
    }
}
