package io.meshgate.kernel.e2e;

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
import io.meshgate.kernel.testing.RawBackend;
import io.meshgate.kernel.testing.RawHttp;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HTTP/1.0 clients know no chunked coding: a streamed (chunked) upstream response reaches them
 * close-delimited, and keep-alive survives only a length-delimited response.
 */
class Http10ClientsEndToEndTest {
    static RawBackend backend;
    static Kernel kernel;
    static int port;

    @BeforeAll
    static void start() {
        // /stream answers chunked, anything else with a Content-Length; keep-alive on the upstream side
        backend = new RawBackend(socket -> {
            OutputStream out = socket.getOutputStream();
            String head;
            while ((head = RawBackend.readHead(socket)) != null) {
                String response = head.startsWith("GET /stream ")
                        ? "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"
                        : "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfixed";
                out.write(response.getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        });
        List<VirtualHost> vhs = List.of(new VirtualHost("example", List.of("example.com"),
                List.of(Route.to("all", RouteMatch.ANY, "c1"))));
        kernel = Kernel.start(KernelOptions.defaults().withIoThreads(1), new ProxyConfig("v1",
                List.of(HttpListener.plain("http", "127.0.0.1", 0, vhs)),
                List.of(Cluster.of("c1", List.of(Endpoint.of("127.0.0.1", backend.port()))))));
        port = kernel.port("http");
    }

    @AfterAll
    static void stop() {
        kernel.close();
        backend.close();
    }

    @Test
    void aStreamedResponseReachesAnHttp10ClientCloseDelimited() throws IOException {
        RawHttp.Reply reply = RawHttp.send(port, "GET /stream HTTP/1.0\r\nHost: example.com\r\n\r\n");
        assertThat(reply.closed()).isTrue();
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.text().toLowerCase()).doesNotContain("transfer-encoding").contains("connection: close");
        assertThat(reply.text()).endsWith("\r\n\r\nhello world");
    }

    @Test
    void anHttp10KeepAliveClientGetsKeepAliveForALengthDelimitedResponse() throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(5000);
            for (int i = 0; i < 2; i++) {
                s.getOutputStream().write("GET /fixed HTTP/1.0\r\nHost: example.com\r\nConnection: keep-alive\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                String head = readHead(s.getInputStream());
                assertThat(head.toLowerCase()).contains("connection: keep-alive").contains("content-length: 5");
                assertThat(new String(s.getInputStream().readNBytes(5), StandardCharsets.US_ASCII)).isEqualTo("fixed");
            }
        }
    }

    @Test
    void anHttp10KeepAliveClientIsClosedAfterAStreamedResponse() throws IOException {
        RawHttp.Reply reply = RawHttp.send(port,
                "GET /stream HTTP/1.0\r\nHost: example.com\r\nConnection: keep-alive\r\n\r\n");
        assertThat(reply.closed()).isTrue();
        assertThat(reply.text().toLowerCase()).doesNotContain("transfer-encoding").contains("connection: close")
                .doesNotContain("keep-alive");
        assertThat(reply.text()).endsWith("\r\n\r\nhello world");
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int c;
        while (!head.toString().endsWith("\r\n\r\n") && (c = in.read()) >= 0) {
            head.append((char) c);
        }
        return head.toString();
    }
}
