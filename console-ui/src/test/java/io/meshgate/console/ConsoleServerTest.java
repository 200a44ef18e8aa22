package io.meshgate.console;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The console starts on embedded Jetty and serves Vaadin's production bootstrap page and its own CSS. */
class ConsoleServerTest {
    @TempDir
    static Path dir;
    static TestStack stack;
    static ConsoleServer console;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void start() {
        stack = new TestStack(dir);
        console = ConsoleServer.start(new ConsoleOptions("127.0.0.1", 0, stack.apiUrl()));
    }

    @AfterAll
    static void stop() {
        if (console != null) {
            console.close();
        }
        stack.close();
    }

    static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(console.url().resolve(path)).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesTheVaadinBootstrapPage() throws Exception {
        HttpResponse<String> root = get("/");
        assertThat(root.statusCode()).isEqualTo(200);
        assertThat(root.body()).contains("<html").contains("VAADIN/build/").doesNotContain("devmode");
        assertThat(root.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).contains("text/html"));
    }

    @Test
    void sessionCookieIsHttpOnlyAndStrict() throws Exception {
        HttpResponse<String> root = get("/");
        String cookie = root.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("MESHGATE_CONSOLE=")).findFirst().orElseThrow();
        assertThat(cookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Strict")
                .doesNotContainIgnoringCase("Secure;");
    }

    @Test
    void servesTheConsoleStylesheet() throws Exception {
        HttpResponse<String> css = get("/styles/console.css");
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.body()).contains("color-scheme: light dark");
    }

    @Test
    void bindsTheRequestedLoopbackAddress() {
        assertThat(console.url()).isEqualTo(URI.create("http://127.0.0.1:" + console.port() + "/"));
        assertThat(console.port()).isPositive();
    }
}
