package io.meshgate.api;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The document a running server serves at {@code /openapi} is valid OpenAPI 3 (checked by
 * swagger-parser) and describes exactly the routes the server registers: nothing served goes
 * undocumented, nothing documented is missing. Fallback answers (405 for other methods, 404 for
 * other paths) are not routes and are not compared.
 */
class OpenApiDocumentTest {
    @TempDir
    static Path dir;
    static TestServer t;
    static String document;

    @BeforeAll
    static void start() {
        t = new TestServer(dir);
        HttpResponse<String> served = t.viewer.get("/openapi");
        assertThat(served.statusCode()).isEqualTo(200);
        document = served.body();
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    @Test
    void theServedDocumentIsValidOpenApi3() {
        SwaggerParseResult result = parse();
        assertThat(result.getMessages()).as("validation messages").isEmpty();
        assertThat(result.getOpenAPI().getOpenapi()).startsWith("3.");
    }

    @Test
    void everyRegisteredRouteIsDocumentedAndEveryDocumentedRouteIsRegistered() {
        List<String> registered = t.server.routeTable().stream().map(r -> r.method() + " " + r.path()).toList();
        assertThat(registered).as("each route is registered once").doesNotHaveDuplicates();
        Set<String> documented = documentedRoutes(parse().getOpenAPI());

        Set<String> undocumented = new TreeSet<>(registered);
        undocumented.removeAll(documented);
        Set<String> notServed = new TreeSet<>(documented);
        registered.forEach(notServed::remove);
        assertThat(undocumented).as("registered but not in the document").isEmpty();
        assertThat(notServed).as("in the document but not registered").isEmpty();
    }

    @Test
    void theRouteTableCoversEveryFamily() {
        assertThat(t.server.routeTable()).extracting(ApiRoute::path).contains("/readyz", "/openapi", "/metrics",
                "/api/v1", "/api/v1/apply", "/api/v1/audit/{id}/revert", "/api/v1/tokens/{name}", "/api/v1/watch",
                "/api/v1/proxies/{name}/config", "/api/v1/ca", "/api/v1/certificates", "/api/v1/whoami",
                "/api/v1/workloads", "/api/v1/workloads/{namespace}/{name}",
                "/api/v1/namespaces/{namespace}/{plural}/{name}/status", "/api/v1/{plural}/{name}");
    }

    private static SwaggerParseResult parse() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(document, null, options);
        assertThat(result.getOpenAPI()).as("parsed document; messages: %s", result.getMessages()).isNotNull();
        return result;
    }

    /** {@code METHOD /path} for every operation of every path item. */
    private static Set<String> documentedRoutes(OpenAPI openApi) {
        Set<String> routes = new TreeSet<>();
        openApi.getPaths().forEach((path, item) -> item.readOperationsMap().keySet()
                .forEach(method -> routes.add(method.name().toUpperCase(Locale.ROOT) + " " + path)));
        return routes;
    }
}
