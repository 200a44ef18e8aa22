package io.meshgate.uitests;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Ingress form end to end: what it saves is what the gateway serves, and what it refuses is
 * not stored.
 */
@ExtendWith(ConsoleBrowserExtension.class)
class IngressFormTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void anIngressWithARewriteMadeInTheFormServesTheRewrittenPath(Console console, MeshgateStack stack,
                                                                  EchoBackend backend) {
        Fixtures.echoService(stack.api(), "ui-rewrite", "echo", 8080, backend);

        console.signIn(stack.editorToken()).open("ingress");
        console.id("ingress-new").click();
        assertThat(console.id("ingress-name")).isVisible();
        console.type("ingress-namespace", "ui-rewrite");
        console.type("ingress-name", "echo");
        // pipy is not the cluster's default class here (no IngressClass says so): name it
        console.type("ingress-class", "pipy");
        console.type("rule-0-host", "rewrite.example");
        console.type("rule-0-path", "/httpbin");
        console.type("rule-0-service", "echo");
        console.type("rule-0-port", "8080");
        console.type("rewrite-from", "^/httpbin/?");
        console.type("rewrite-to", "/");
        console.choose("lb-type", "round-robin");
        console.id("ingress-save").click();
        assertThat(console.id("ingress-saved")).containsText("Saved and read back from the API");

        JsonNode stored = stack.api().object("ingresses", "ui-rewrite", "echo").ok();
        JsonNode annotations = stored.path("metadata").path("annotations");
        assertThat(annotations.path("pipy.ingress.kubernetes.io/rewrite-target-from").asText()).isEqualTo("^/httpbin/?");
        assertThat(annotations.path("pipy.ingress.kubernetes.io/rewrite-target-to").asText()).isEqualTo("/");
        assertThat(annotations.path("pipy.ingress.kubernetes.io/lb-type").asText()).isEqualTo("round-robin");

        // the gateway picks the new config up asynchronously: ask until it routes
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            HttpResponse<String> answer = throughGateway(stack, "rewrite.example", "/httpbin/hi");
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo(EchoBackend.PREFIX + "/hi");
        });

        // the controller has written the status since the save (resourceVersion moved on): a second
        // save from the same open form is not a conflict, and it lands
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(stack.api()
                .object("ingresses", "ui-rewrite", "echo").ok().at("/status/loadBalancer/ingress").isEmpty()).isFalse());
        console.choose("lb-type", "hashing");
        console.id("ingress-save").click();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(stack.api()
                .object("ingresses", "ui-rewrite", "echo").ok().at("/metadata/annotations")
                .path("pipy.ingress.kubernetes.io/lb-type").asText()).isEqualTo("hashing"));
    }

    @Test
    void anInvalidRegexIsShownAtItsFieldAndNothingIsSaved(Console console, MeshgateStack stack) {
        console.signIn(stack.editorToken()).open("ingress/edit");
        console.type("ingress-namespace", "ui-badregex");
        console.type("ingress-name", "broken");
        console.type("rule-0-host", "broken.example");
        console.type("rule-0-service", "echo");
        console.type("rule-0-port", "80");
        console.type("rewrite-from", "(");

        assertThat(console.id("rewrite-from")).hasAttribute("invalid", "");
        assertThat(console.errorOf("rewrite-from")).not().isEmpty();
        // the other fields are fine: the error is at the regex, not somewhere else
        assertThat(console.id("ingress-name")).not().hasAttribute("invalid", "");

        console.id("ingress-save").click();
        assertThat(console.notice("error", "nothing was saved")).isVisible();
        assertThat(console.id("rewrite-from")).hasAttribute("invalid", "");
        assertThat(console.id("ingress-saved")).isEmpty();

        assertThat(stack.api().object("ingresses", "ui-badregex", "broken").status()).isEqualTo(404);
        assertThat(stack.api().get("/api/v1/namespaces/ui-badregex/ingresses").ok().path("items")).isEmpty();
    }

    private static HttpResponse<String> throughGateway(MeshgateStack stack, String host, String path)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.gatewayHttpPort() + path))
                .header("Host", host)
                .timeout(Duration.ofSeconds(5))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
