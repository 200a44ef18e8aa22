package io.meshgate.kernel.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshgate.kernel.transport.Transports;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The metrics-only listener on real loopback sockets, on an event loop group it is lent. */
class MetricsListenerTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String SCRAPE = "# TYPE up gauge\nup 1\n";

    private final EventLoopGroup group = Transports.newGroup(1, "test-operators");

    @AfterEach
    void stopGroup() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void servesOnlyTheScrapePathAndOnlyGetOnTheLentLoop() throws Exception {
        AtomicReference<String> scrapedOn = new AtomicReference<>();
        try (MetricsListener listener = MetricsListener.start(group, "127.0.0.1", 0, () -> {
                scrapedOn.set(Thread.currentThread().getName());
                return SCRAPE;
            });
             HttpClient http = HttpClient.newHttpClient()) {
            String base = "http://127.0.0.1:" + listener.port();
            HttpResponse<String> scrape = http.send(request(base + MetricsListener.PATH).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.body()).isEqualTo(SCRAPE);
            assertThat(scrape.headers().firstValue("Content-Type"))
                    .hasValue("text/plain; version=0.0.4; charset=utf-8");
            assertThat(scrapedOn.get()).as("no thread of its own").startsWith("test-operators");

            HttpResponse<Void> head = http.send(request(base + MetricsListener.PATH).HEAD().build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.headers().firstValue("Content-Length")).hasValue(String.valueOf(SCRAPE.length()));

            HttpResponse<String> dump = http.send(request(base + "/config_dump").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(dump.statusCode()).as("the config stays on the loopback admin listener").isEqualTo(404);
            assertThat(dump.body()).contains("/stats/prometheus");

            HttpResponse<String> post = http.send(
                    request(base + MetricsListener.PATH).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
        }
    }

    @Test
    void aBindFailureNamesTheAddressAndCloseReleasesThePortAndItsConnections() throws Exception {
        MetricsListener listener = MetricsListener.start(group, "127.0.0.1", 0, () -> SCRAPE);
        int port = listener.port();
        assertThatThrownBy(() -> MetricsListener.start(group, "127.0.0.1", port, () -> SCRAPE))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("metrics listener cannot bind 127.0.0.1:" + port);

        try (Socket kept = connect(port)) {
            send(kept, "GET /stats/prometheus HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(readSome(kept)).startsWith("HTTP/1.1 200 ");

            listener.close();
            listener.close(); // idempotent

            // the group lives on (the admin listener's), so close() itself must end the kept connection
            assertThat(readToEnd(kept)).as("the kept-alive connection is closed").isTrue();
        }
        assertThat(listener.port()).isEqualTo(port);
        try (ServerSocket again = new ServerSocket()) {
            again.setReuseAddress(true);
            again.bind(new InetSocketAddress("127.0.0.1", port));
        }
    }

    @Test
    void anIdleConnectionIsClosed() throws Exception {
        try (MetricsListener listener = MetricsListener.start(group, "127.0.0.1", 0, () -> SCRAPE,
                Duration.ofMillis(300), MetricsListener.MAX_CONNECTIONS);
             Socket idle = connect(listener.port())) {
            assertThat(readToEnd(idle)).isTrue();
        }
    }

    @Test
    void connectionsBeyondTheBoundAreClosedUnanswered() throws Exception {
        try (MetricsListener listener = MetricsListener.start(group, "127.0.0.1", 0, () -> SCRAPE,
                MetricsListener.IDLE, 2);
             Socket first = connect(listener.port());
             Socket second = connect(listener.port())) {
            for (Socket open : new Socket[] {first, second}) {
                send(open, "GET /stats/prometheus HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(readSome(open)).startsWith("HTTP/1.1 200 ");
            }
            try (Socket third = connect(listener.port())) {
                send(third, "GET /stats/prometheus HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(readToEnd(third)).isTrue();
            }
            first.close();
            // the slot comes free once the server has seen the close
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            String answer = "";
            while (!answer.startsWith("HTTP/1.1 200 ") && System.nanoTime() < deadline) {
                try (Socket fourth = connect(listener.port())) {
                    send(fourth, "GET /stats/prometheus HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                    answer = readAll(fourth);
                }
            }
            assertThat(answer).startsWith("HTTP/1.1 200 ");
        }
    }

    private static HttpRequest.Builder request(String uri) {
        return HttpRequest.newBuilder(URI.create(uri)).timeout(TIMEOUT);
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), (int) TIMEOUT.toMillis());
        socket.setSoTimeout((int) TIMEOUT.toMillis());
        return socket;
    }

    private static void send(Socket socket, String request) throws IOException {
        socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    /** One read's worth: a small answer arrives in one segment on loopback. */
    private static String readSome(Socket socket) throws IOException {
        byte[] buf = new byte[8192];
        int n = socket.getInputStream().read(buf);
        return n < 0 ? "" : new String(buf, 0, n, StandardCharsets.ISO_8859_1);
    }

    private static String readAll(Socket socket) throws IOException {
        try {
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return ""; // reset: refused
        }
    }

    /** True when the server closes the connection (end of stream or reset) within the timeout. */
    private static boolean readToEnd(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] buf = new byte[8192];
        try {
            while (in.read(buf) >= 0) {
                // discard
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
