package io.meshgate.kernel.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshgate.config.Redirect;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedirectFilterTest {

    private static FilterContext context(String host) {
        return new FilterContext("http", "route", new InetSocketAddress("127.0.0.1", 40000), false, host);
    }

    private static FilterOutcome redirect(Redirect config, String host, HttpMethod method, String uri) {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, uri);
        return new RedirectFilterFactory().create(config).onRequest(context(host), request);
    }

    @Test
    void sendsPlainHttpToHttpsWithPathAndQuery() {
        FilterOutcome outcome = redirect(Redirect.toHttps(443), "example.com", HttpMethod.GET, "/hi?a=1&b=%2F");

        assertThat(outcome.proceeds()).isFalse();
        assertThat(outcome.status().code()).isEqualTo(308);
        assertThat(outcome.body()).isEqualTo("Permanent Redirect");
        assertThat(outcome.headers()).containsExactly(
                Map.entry("location", "https://example.com/hi?a=1&b=%2F"));
    }

    @Test
    void writesTheHttpsPortOnlyWhenItIsNotTheDefault() {
        assertThat(redirect(Redirect.toHttps(8443), "example.com", HttpMethod.GET, "/").headers())
                .containsEntry("location", "https://example.com:8443/");
        assertThat(redirect(Redirect.toHttps(0), "example.com", HttpMethod.GET, "/").headers())
                .containsEntry("location", "https://example.com/");
        assertThat(redirect(new Redirect("http", 80, 301), "example.com", HttpMethod.GET, "/x").headers())
                .containsEntry("location", "http://example.com/x");
        assertThat(redirect(new Redirect("http", 443, 302), "example.com", HttpMethod.GET, "/x").headers())
                .containsEntry("location", "http://example.com:443/x");
    }

    @Test
    void keepsAnIpv6LiteralInBrackets() {
        assertThat(redirect(Redirect.toHttps(8443), "[::1]", HttpMethod.GET, "/a").headers())
                .containsEntry("location", "https://[::1]:8443/a");
    }

    @Test
    void answersEveryMethodWith308SoTheMethodAndBodyAreKept() {
        FilterOutcome outcome = redirect(Redirect.toHttps(443), "example.com", HttpMethod.POST, "/form");

        assertThat(outcome.status().code()).isEqualTo(308);
        assertThat(outcome.headers()).containsEntry("location", "https://example.com/form");
    }

    @Test
    void refusesARequestWithoutHostInsteadOfInventingOne() {
        FilterOutcome outcome = redirect(Redirect.toHttps(443), "", HttpMethod.GET, "/");

        assertThat(outcome.status().code()).isEqualTo(400);
        assertThat(outcome.headers()).isEmpty();
    }

    @Test
    void configRefusesOtherSchemesStatusesAndPorts() {
        assertThatThrownBy(() -> new Redirect("ftp", 0, 308)).hasMessageContaining("scheme");
        assertThatThrownBy(() -> new Redirect("https", 0, 200)).hasMessageContaining("status");
        assertThatThrownBy(() -> new Redirect("https", 70000, 308)).hasMessageContaining("port");
    }
}
