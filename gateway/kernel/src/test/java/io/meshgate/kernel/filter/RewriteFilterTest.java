package io.meshgate.kernel.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshgate.config.Rewrite;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class RewriteFilterTest {

    private static final FilterContext CTX =
            new FilterContext("http", "route", new InetSocketAddress("127.0.0.1", 40000), false);

    private static HttpFilter rewrite(String pattern, String replacement) {
        return new RewriteFilterFactory().create(new Rewrite(pattern, replacement));
    }

    /** Runs the filter on a GET of {@code uri}; returns the uri afterwards, or "400: body". */
    private static String apply(HttpFilter filter, String uri) {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
        FilterOutcome outcome = filter.onRequest(CTX, request);
        if (!outcome.proceeds()) {
            assertThat(request.uri()).as("a refused rewrite leaves the uri alone").isEqualTo(uri);
            return outcome.status().code() + ": " + outcome.body();
        }
        return request.uri();
    }

    @Test
    void fsmSeedExampleStripsThePrefix() {
        HttpFilter filter = rewrite("/httpbin/?(.*)", "/$1");

        assertThat(apply(filter, "/httpbin/hi")).isEqualTo("/hi");
        assertThat(apply(filter, "/httpbin")).isEqualTo("/");
        assertThat(apply(filter, "/httpbin/")).isEqualTo("/");
        assertThat(apply(filter, "/httpbin/a/b?x=1&y=%2F")).isEqualTo("/a/b?x=1&y=%2F");
    }

    @Test
    void onlyTheFirstMatchIsReplaced() {
        HttpFilter filter = rewrite("v1", "v2");

        assertThat(apply(filter, "/v1/items/v1")).isEqualTo("/v2/items/v1");
    }

    @Test
    void groupReferencesAreExpandedInAnyOrder() {
        HttpFilter filter = rewrite("^/([a-z]+)/([0-9]+)$", "/$2/$1/$1");

        assertThat(apply(filter, "/users/42")).isEqualTo("/42/users/users");
    }

    @Test
    void dollarEscapesAndUnmatchedGroups() {
        assertThat(apply(rewrite("^/price", "/cost$$"), "/price")).isEqualTo("/cost$");
        assertThat(apply(rewrite("^/a(/b)?", "/x$1"), "/a")).isEqualTo("/x");
        assertThat(apply(rewrite("^/a", "/$x$"), "/a")).isEqualTo("/$x$");
    }

    /** The Ingress side accepts exactly $$ and $1..$9 in rewrite-target-to; this is what they do here. */
    @Test
    void anIngressReplacementWithADoubledDollarAndAGroup() {
        assertThat(apply(rewrite("^/price/(.*)", "/cost$$/$1"), "/price/tea")).isEqualTo("/cost$/tea");
        assertThat(apply(rewrite("^/price/(.*)", "/$$1/$1"), "/price/tea")).isEqualTo("/$1/tea");
    }

    @Test
    void pathWithoutMatchIsLeftAlone() {
        HttpFilter filter = rewrite("^/api/(.*)", "/$1");
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/web/x?q=1");

        assertThat(filter.onRequest(CTX, request).proceeds()).isTrue();
        assertThat(request.uri()).isEqualTo("/web/x?q=1");
    }

    @Test
    void thePatternNeverSeesTheQuery() {
        HttpFilter filter = rewrite("secret", "public");

        assertThat(apply(filter, "/a?secret=1")).isEqualTo("/a?secret=1");
    }

    @Test
    void theResultIsCanonicalisedAgain() {
        assertThat(apply(rewrite("^/a/(.*)", "/b/./$1/../c/%7e"), "/a/x")).isEqualTo("/b/c/~");
        assertThat(apply(rewrite("^/a", "/with space"), "/a")).isEqualTo("/with%20space");
    }

    @Test
    void aResultThatClimbsAboveTheRootIsA400() {
        HttpFilter filter = rewrite("^/api/(.*)", "/../$1");

        assertThat(apply(filter, "/api/admin?x=1")).isEqualTo("400: rewrite produced an invalid path: path climbs above root");
    }

    @Test
    void aResultThatIsNotAnAbsolutePathIsA400() {
        assertThat(apply(rewrite("^/(.*)", "$1"), "/admin")).startsWith("400: ").contains("must start with '/'");
    }

    @Test
    void anEmptyResultMeansTheRoot() {
        assertThat(apply(rewrite("^/only$", ""), "/only")).isEqualTo("/");
        assertThat(apply(rewrite("^/only$", ""), "/only?x=1")).isEqualTo("/?x=1");
    }

    @Test
    void aQueryInTheReplacementIsJoinedWithTheClientsQuery() {
        HttpFilter filter = rewrite("^/item/([0-9]+)$", "/items?id=$1");

        assertThat(apply(filter, "/item/7")).isEqualTo("/items?id=7");
        assertThat(apply(filter, "/item/7?view=full")).isEqualTo("/items?id=7&view=full");
    }

    @Test
    void aReferenceToAMissingGroupIsRejectedAtBuildTime() {
        assertThatThrownBy(() -> rewrite("^/(a)", "/$2"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("$2").hasMessageContaining("1 group");
    }

    @Test
    void aBadPatternIsRejectedAtBuildTimeWithThePattern() {
        assertThatThrownBy(() -> rewrite("/(x", "/"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/(x");
    }
}
