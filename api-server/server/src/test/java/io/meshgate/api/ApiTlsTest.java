package io.meshgate.api;

import com.sun.net.httpserver.HttpServer;
import io.meshgate.config.ProxyConfig;
import io.meshgate.db.Database;
import io.meshgate.db.DatabaseConfig;
import io.meshgate.kernel.Kernel;
import io.meshgate.kernel.KernelOptions;
import io.meshgate.proxy.AgentOptions;
import io.meshgate.client.CaTrust;
import io.meshgate.proxy.ConfigAgent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The API with {@code --api-tls on} on loopback (a non-loopback test address is not available
 * everywhere; {@link ApiTransportPolicyTest} covers the decision): plain HTTP gets nothing, HTTPS
 * works for clients trusting the mesh CA and fails for others, and a proxy follows its config over
 * HTTPS with the CA file.
 */
class ApiTlsTest {
    @TempDir
    Path dir;
    @TempDir
    Path proxyDir;
    Database db;
    ApiServer api;
    Path caFile;
    ApiClient admin;
    HttpServer backend;
    Kernel kernel;
    ConfigAgent agent;

    @BeforeEach
    void start() throws IOException {
        db = Database.open(DatabaseConfig.h2File(dir));
        api = ApiServer.start(db, ApiServerOptions.of(0, dir).withAdminToken(TestServer.ADMIN_TOKEN)
                .withTls(ApiTlsOptions.auto().withMode(ApiTlsMode.ON)), TestTranslator.registry());
        caFile = ApiServer.caDirectory(ApiServerOptions.of(0, dir)).resolve("ca.crt");
        HttpClient trusting = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .sslContext(CaTrust.sslContext(caFile)).connectTimeout(Duration.ofSeconds(5)).build();
        admin = new ApiClient("https://127.0.0.1:" + api.port(), TestServer.ADMIN_TOKEN, trusting);
        backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        backend.createContext("/", exchange -> {
            byte[] body = "hello over tls".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        backend.start();
    }

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
        if (kernel != null) {
            kernel.shutdown(Duration.ofSeconds(1));
        }
        api.close();
        db.close();
        backend.stop(0);
    }

    @Test
    void httpsWithTheMeshCaWorks() {
        assertThat(api.tls()).isTrue();
        assertThat(api.scheme()).isEqualTo("https");
        HttpResponse<String> r = admin.get("/api/v1/whoami");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    @Test
    void plainHttpIsNotServed() {
        HttpClient plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/api/v1/whoami"))
                .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN).timeout(Duration.ofSeconds(10)).build();
        try {
            HttpResponse<String> r = plain.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as("a plain request must not be answered as usual").isNotEqualTo(200);
            assertThat(r.body()).doesNotContain("admin");
        } catch (IOException | InterruptedException refused) {
            // the TLS listener drops a connection that does not start a handshake: that is the point
        }
    }

    @Test
    void clientsThatDoNotTrustTheMeshCaAreRefused() {
        HttpClient defaultTrust = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + api.port() + "/readyz"))
                .timeout(Duration.ofSeconds(10)).build();
        assertThatThrownBy(() -> defaultTrust.send(request, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
    }

    @Test
    void aProxyFollowsItsConfigOverHttpsWithTheCaFile() throws Exception {
        HttpResponse<String> r = admin.post("/api/v1/proxies", "application/json", "{\"name\":\"edge\",\"kind\":\"test\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        String token = ApiClient.json(r).get("token").asText();
        kernel = Kernel.start(KernelOptions.defaults(), ProxyConfig.empty());
        agent = new ConfigAgent(AgentOptions.of(URI.create(admin.base()), "edge", token, proxyDir)
                .withMaxBackoff(Duration.ofMillis(500)).withCaFile(caFile), kernel).start();
        HttpResponse<String> route = admin.put(TestTranslator.ROUTE_PATH, "application/yaml",
                TestTranslator.routeYaml(backend.getAddress().getPort(), 0, "tls"));
        assertThat(route.statusCode()).as(route.body()).isIn(200, 201);

        await().atMost(Duration.ofSeconds(30)).until(() -> agent.appliedVersion().startsWith("r"));
        HttpRequest viaProxy = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + kernel.port(TestTranslator.LISTENER) + "/x")).timeout(Duration.ofSeconds(10)).build();
        assertThat(HttpClient.newHttpClient().send(viaProxy, HttpResponse.BodyHandlers.ofString()).body())
                .isEqualTo("hello over tls");
        await().atMost(Duration.ofSeconds(30)).until(() ->
                ApiClient.json(admin.get("/api/v1/proxies/edge")).get("inSync").asBoolean());
    }
}
