package io.meshgate.kernel.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshgate.config.HeaderMutation;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeaderMutationFilterTest {

    private static final FilterContext CTX =
            new FilterContext("http", "route", new InetSocketAddress("127.0.0.1", 40000), false);

    private static HttpFilter filter(HeaderMutation mutation) {
        return new HeaderMutationFilterFactory().create(mutation);
    }

    private static HttpRequest request() {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
        request.headers().add("Host", "example.com").add("X-Keep", "k")
                .add("X-Drop", "1").add("X-Drop", "2").add("X-Multi", "old1").add("X-Multi", "old2")
                .add("X-List", "a");
        return request;
    }

    private static HttpResponse response() {
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        response.headers().add("Server", "upstream/1.0").add("X-Powered-By", "php").add("Cache-Control", "no-store");
        return response;
    }

    @Test
    void requestSideRemovesThenSetsThenAdds() {
        HttpFilter filter = filter(new HeaderMutation(
                Map.of("x-multi", "new", "x-drop", "re-set"), Map.of("X-List", "b", "X-New", "n"),
                List.of("X-DROP", "x-absent"), null, null, null));
        HttpRequest request = request();

        FilterOutcome outcome = filter.onRequest(CTX, request);

        assertThat(outcome.proceeds()).isTrue();
        // removed first, so the set value is the only one left
        assertThat(request.headers().getAll("x-drop")).containsExactly("re-set");
        assertThat(request.headers().getAll("x-multi")).containsExactly("new");
        assertThat(request.headers().getAll("x-list")).containsExactly("a", "b");
        assertThat(request.headers().getAll("x-new")).containsExactly("n");
        assertThat(request.headers().get("x-keep")).isEqualTo("k");
        assertThat(request.headers().get("host")).isEqualTo("example.com");
    }

    @Test
    void responseSideRunsOnlyOnResponses() {
        HttpFilter filter = filter(new HeaderMutation(null, null, null,
                Map.of("Server", "meshgate"), Map.of("Cache-Control", "private"), List.of("x-powered-by")));
        HttpRequest request = request();
        HttpResponse response = response();

        filter.onRequest(CTX, request);
        filter.onResponse(CTX, response);

        assertThat(request.headers().getAll("x-keep")).containsExactly("k");
        assertThat(request.headers().contains("server")).isFalse();
        assertThat(response.headers().getAll("server")).containsExactly("meshgate");
        assertThat(response.headers().contains("x-powered-by")).isFalse();
        assertThat(response.headers().getAll("cache-control")).containsExactly("no-store", "private");
    }

    @Test
    void requestSideLeavesResponsesAlone() {
        HttpFilter filter = filter(new HeaderMutation(Map.of("Server", "x"), null, List.of("server"),
                null, null, null));
        HttpResponse response = response();

        filter.onResponse(CTX, response);

        assertThat(response.headers().getAll("server")).containsExactly("upstream/1.0");
    }

    @Test
    void hostMayBeSetOnRequests() {
        HttpFilter filter = filter(new HeaderMutation(Map.of("Host", "backend.internal"), null, null, null, null, null));
        HttpRequest request = request();

        filter.onRequest(CTX, request);

        assertThat(request.headers().getAll("host")).containsExactly("backend.internal");
    }

    @Test
    void framingAndHopByHopHeadersCannotBeChanged() {
        assertThatThrownBy(() -> filter(new HeaderMutation(Map.of("Content-Length", "0"), null, null, null, null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Content-Length");
        assertThatThrownBy(() -> filter(new HeaderMutation(null, Map.of("transfer-encoding", "chunked"), null,
                null, null, null))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> filter(new HeaderMutation(null, null, List.of("Connection"), null, null, null)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> filter(new HeaderMutation(null, null, null, null, null, List.of("content-length"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("response remove");
        assertThatThrownBy(() -> filter(new HeaderMutation(null, null, null, Map.of("Upgrade", "h2c"), null, null)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hostCannotBeAddedOrRemoved() {
        assertThatThrownBy(() -> filter(new HeaderMutation(null, Map.of("Host", "evil"), null, null, null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Host");
        assertThatThrownBy(() -> filter(new HeaderMutation(null, null, List.of("host"), null, null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Host");
    }

    @Test
    void removeNamesMustBeHeaderTokens() {
        assertThatThrownBy(() -> filter(new HeaderMutation(null, null, List.of("bad name"), null, null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad name");
    }
}
