package io.meshgate.kernel.warmup;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WarmUpLoadTest {

    @Test
    void theRequestsReachEveryRouteOfTheWarmUpConfig() {
        List<String> uris = new ArrayList<>();
        for (long n = 0; n < 40; n++) {
            FullHttpRequest request = WarmUpLoad.request(n, false, 12345);
            uris.add(request.uri());
            request.release();
        }

        assertThat(uris).anyMatch(uri -> uri.startsWith(WarmUpConfig.REWRITE_PREFIX + "up/"))
                .as("the rewrite's route, unmatched by its pattern").anyMatch(uri -> uri.startsWith(WarmUpConfig.REWRITE_PREFIX)
                        && !uri.startsWith(WarmUpConfig.REWRITE_PREFIX + "up/"))
                .anyMatch(uri -> uri.startsWith(WarmUpConfig.REDIRECT_PREFIX))
                .anyMatch(uri -> uri.startsWith(WarmUpConfig.LEAST_WORK_PREFIX))
                .anyMatch(uri -> uri.equals("/"));
    }

    @Test
    void theOriginsAnswerAndTheRedirectToHttpsCountAsWorkingOthersDoNot() {
        assertThat(WarmUpLoad.expected(response(HttpResponseStatus.OK, null))).isTrue();
        assertThat(WarmUpLoad.expected(response(HttpResponseStatus.PERMANENT_REDIRECT,
                "https://warm-up.meshgate.invalid" + WarmUpConfig.REDIRECT_PREFIX + "7/index.html"))).isTrue();
        assertThat(WarmUpLoad.expected(response(HttpResponseStatus.PERMANENT_REDIRECT, null))).isFalse();
        assertThat(WarmUpLoad.expected(response(HttpResponseStatus.PERMANENT_REDIRECT, "http://elsewhere/"))).isFalse();
        assertThat(WarmUpLoad.expected(response(HttpResponseStatus.BAD_GATEWAY, null))).isFalse();
    }

    private static HttpResponse response(HttpResponseStatus status, String location) {
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, status);
        if (location != null) {
            response.headers().set(HttpHeaderNames.LOCATION, location);
        }
        return response;
    }
}
