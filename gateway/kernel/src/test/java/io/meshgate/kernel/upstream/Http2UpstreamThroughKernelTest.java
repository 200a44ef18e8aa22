package io.meshgate.kernel.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.config.Cluster;
import io.meshgate.config.Endpoint;
import io.meshgate.config.HttpListener;
import io.meshgate.config.ProxyConfig;
import io.meshgate.config.Route;
import io.meshgate.config.RouteMatch;
import io.meshgate.config.VirtualHost;
import io.meshgate.kernel.Kernel;
import io.meshgate.kernel.KernelOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * HTTP/1.1 clients through the kernel to an HTTP/2 (h2c) cluster, as for gRPC backends: requests
 * become streams on one multiplexed upstream connection and the answers come back as HTTP/1.1.
 */
class Http2UpstreamThroughKernelTest {

    @Test
    void proxiesHttp1RequestsAsStreamsOnOneUpstreamConnection() throws Exception {
        try (Http2TestServer upstream = new Http2TestServer(null, 100)) {
            Cluster grpc = Cluster.of("grpc", List.of(Endpoint.of("127.0.0.1", upstream.port())))
                    .withProtocol(Cluster.UpstreamProtocol.HTTP2);
            VirtualHost vh = new VirtualHost("any", List.of("*"), List.of(Route.to("all", RouteMatch.ANY, "grpc")));
            ProxyConfig config = new ProxyConfig("h2-upstream",
                    List.of(HttpListener.plain("http", "127.0.0.1", 0, List.of(vh))), List.of(grpc));
            // one event loop: every client connection shares that loop's upstream pool
            try (Kernel kernel = Kernel.start(KernelOptions.defaults().withIoThreads(1), config)) {
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    answers.add(client.sendAsync(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + kernel.port("http") + "/slow")).build(),
                            HttpResponse.BodyHandlers.ofString()));
                }
                for (var answer : answers) {
                    HttpResponse<String> res = answer.get();
                    assertThat(res.statusCode()).isEqualTo(200);
                    assertThat(res.body()).isNotBlank();
                }
                assertThat(upstream.paths).hasSize(6).containsOnly("/slow");
                assertThat(upstream.accepted.get()).isEqualTo(1);
            }
        }
    }
}
