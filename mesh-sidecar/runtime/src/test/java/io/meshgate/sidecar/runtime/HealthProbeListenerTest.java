package io.meshgate.sidecar.runtime;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kubelet's rewritten probes as the injector writes them, against a workload on loopback: an HTTP
 * check answers the workload's status, a TCP check whether the port accepts.
 */
class HealthProbeListenerTest {
    private HttpServer workload;
    private HealthProbeListener probes;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws IOException {
        workload = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        workload.createContext("/healthz", ex -> {
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        workload.createContext("/sick", ex -> {
            ex.sendResponseHeaders(500, -1);
            ex.close();
        });
        workload.start();
        probes = HealthProbeListener.start("127.0.0.1", List.of(0, 0));
    }

    @AfterEach
    void stop() {
        probes.close();
        workload.stop(0);
    }

    @Test
    void anHttpProbeAnswersTheWorkloadsStatus() throws Exception {
        int port = workload.getAddress().getPort();
        assertThat(probe(0, "Original-Http-Port", "" + port, "Original-Http-Path", "/healthz")).isEqualTo(200);
        assertThat(probe(1, "Original-Http-Port", "" + port, "Original-Http-Path", "/sick")).isEqualTo(500);
        assertThat(probe(0, "Original-Http-Port", "" + port, "Original-Http-Path", "/missing")).isEqualTo(404);
        assertThat(probe(0, "Original-Http-Port", "" + closedPort())).isEqualTo(503);
    }

    @Test
    void aTcpProbeAnswersWhetherThePortAccepts() throws Exception {
        assertThat(probe(1, "Original-Tcp-Port", "" + workload.getAddress().getPort())).isEqualTo(200);
        assertThat(probe(1, "Original-Tcp-Port", "" + closedPort())).isEqualTo(503);
    }

    @Test
    void anythingElseIsRefused() throws Exception {
        assertThat(probe(0)).isEqualTo(400);
        assertThat(probe(0, "Original-Tcp-Port", "0")).isEqualTo(400);
        assertThat(probe(0, "Original-Http-Port", "80", "Original-Http-Path", "no-slash")).isEqualTo(400);
        HttpResponse<Void> other = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + probes.ports().get(0) + "/elsewhere")).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(other.statusCode()).isEqualTo(404);
        HttpResponse<Void> post = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + probes.ports().get(0) + HealthProbeListener.PATH)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(post.statusCode()).isEqualTo(405);
    }

    private int probe(int listener, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + probes.ports().get(listener)
                + HealthProbeListener.PATH)).timeout(Duration.ofSeconds(15));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** A loopback port nothing listens on (bound, then released). */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
