package io.meshgate.kernel.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.config.Cluster;
import io.meshgate.config.Endpoint;
import io.meshgate.config.HttpListener;
import io.meshgate.config.HttpSettings;
import io.meshgate.config.ProxyConfig;
import io.meshgate.config.Route;
import io.meshgate.config.RouteMatch;
import io.meshgate.config.VirtualHost;
import io.meshgate.kernel.Kernel;
import io.meshgate.kernel.KernelOptions;
import io.meshgate.kernel.testing.RawHttp;
import io.meshgate.kernel.testing.TestBackend;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Limits that hold before any request exists: the request-head deadline runs from accept, before the
 * cleartext listener has told HTTP/1.1 from h2c, and a listener refuses connections over its cap.
 */
class ConnectionLimitsEndToEndTest {
    private static final String GET = "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n";

    static TestBackend backend;
    static Kernel kernel;

    @BeforeAll
    static void start() {
        backend = new TestBackend("b1");
        List<VirtualHost> vhs = List.of(new VirtualHost("example", List.of("example.com"),
                List.of(Route.to("all", RouteMatch.ANY, "c1"))));
        HttpSettings fastHead = HttpSettings.DEFAULTS.withTimeouts(Duration.ofMillis(400), Duration.ofSeconds(75), null);
        HttpSettings twoConnections = HttpSettings.DEFAULTS.withMaxConnections(2);
        kernel = Kernel.start(KernelOptions.defaults().withIoThreads(2), new ProxyConfig("v1", List.of(
                new HttpListener("fast-head", "127.0.0.1", 0, vhs, null, List.of(), null, fastHead),
                new HttpListener("capped", "127.0.0.1", 0, vhs, null, List.of(), null, twoConnections)),
                List.of(Cluster.of("c1", List.of(Endpoint.of("127.0.0.1", backend.port()))))));
    }

    @AfterAll
    static void stop() {
        kernel.close();
        backend.close();
    }

    @Test
    void aConnectionThatSendsNothingIsClosedByTheHeadDeadline() throws IOException {
        try (Socket s = connect(kernel.port("fast-head"))) {
            long started = System.nanoTime();
            String reply = readUntilClosed(s, 5_000);
            assertThat(reply).startsWith("HTTP/1.1 408");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void halfAnHttp2PrefaceIsClosedByTheHeadDeadline() throws IOException {
        try (Socket s = connect(kernel.port("fast-head"))) {
            s.getOutputStream().write("PRI * HTTP/2.0\r\n".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            assertThat(readUntilClosed(s, 5_000)).startsWith("HTTP/1.1 408");
        }
    }

    @Test
    void http1StillGetsItsAnswerOnTheDetectingListener() throws IOException {
        assertThat(RawHttp.send(kernel.port("fast-head"), GET.replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n"))
                .status()).isEqualTo(200);
    }

    @Test
    void connectionsOverTheCapAreClosedAtOnceAndCounted() throws Exception {
        int port = kernel.port("capped");
        try (Socket first = connect(port); Socket second = connect(port)) {
            // both are served, so both are counted before the third arrives
            assertThat(exchangeKeepingOpen(first)).startsWith("HTTP/1.1 200");
            assertThat(exchangeKeepingOpen(second)).startsWith("HTTP/1.1 200");
            try (Socket third = connect(port)) {
                third.getOutputStream().write(GET.getBytes(StandardCharsets.US_ASCII));
                assertThat(readUntilClosed(third, 5_000)).isEmpty();
            }
            assertThat(kernel.metrics().statsLines())
                    .contains("meshgate_downstream_connections_refused_total{listener=capped}: 1");
        }
        // the two closed: room again (the close reaches the kernel asynchronously)
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        String reply = "";
        while (System.nanoTime() < until && !reply.startsWith("HTTP/1.1 200")) {
            reply = RawHttp.send(port, GET.replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n")).text();
        }
        assertThat(reply).startsWith("HTTP/1.1 200");
    }

    private static Socket connect(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        return s;
    }

    /** Sends one keep-alive GET and reads its (small, length-delimited) response. */
    private static String exchangeKeepingOpen(Socket s) throws IOException {
        s.getOutputStream().write(GET.getBytes(StandardCharsets.US_ASCII));
        s.setSoTimeout(5_000);
        InputStream in = s.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().contains("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            head.append((char) c);
        }
        return head.toString();
    }

    /** Everything read until the server closes; fails the test if it stays open past {@code millis}. */
    static String readUntilClosed(Socket s, int millis) throws IOException {
        s.setSoTimeout(millis);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        try {
            int n;
            while ((n = s.getInputStream().read(buf)) > 0) {
                out.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("connection still open after " + millis + " ms; read: " + out, e);
        } catch (IOException e) {
            // reset by the server: closed as well
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }
}
