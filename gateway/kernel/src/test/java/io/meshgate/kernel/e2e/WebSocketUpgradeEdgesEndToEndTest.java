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
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * WebSocket upgrades at their edges: bytes an upstream sends right behind its {@code 101} reach the
 * client, only the websocket token of {@code Upgrade} travels, and a {@code 101} that is not the
 * accepted WebSocket upgrade the client asked for opens no tunnel (502).
 */
class WebSocketUpgradeEdgesEndToEndTest {
    private static final String SWITCH = "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\n";

    static RawBackend backend;
    static final ConcurrentLinkedQueue<String> heads = new ConcurrentLinkedQueue<>();
    static Kernel kernel;
    static int port;

    @BeforeAll
    static void start() {
        // the path says how to answer; after a 101 the backend echoes what it reads
        backend = new RawBackend(socket -> {
            String head = RawBackend.readHead(socket);
            if (head == null) {
                return;
            }
            heads.add(head);
            OutputStream out = socket.getOutputStream();
            String path = head.substring(4, head.indexOf(' ', 4));
            String response = switch (path) {
                case "/eager" -> SWITCH + "Upgrade: websocket\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
                        + "\r\nFIRST-FRAME";
                // without Sec-WebSocket-Accept Netty's decoder once read on as if the 101 had a body
                case "/eager-no-accept" -> SWITCH + "Upgrade: websocket\r\n\r\nFIRST-FRAME";
                case "/wrong-protocol" -> SWITCH + "Upgrade: h2c\r\n\r\n";
                default -> SWITCH + "Upgrade: websocket\r\n\r\n";
            };
            out.write(response.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.getInputStream().transferTo(out);
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

    private static String upgrade(String path, String upgrade) {
        return "GET " + path + " HTTP/1.1\r\nHost: example.com\r\nConnection: Upgrade\r\nUpgrade: " + upgrade
                + "\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
    }

    @ParameterizedTest
    @ValueSource(strings = {"/eager", "/eager-no-accept"})
    void bytesSentRightBehindThe101ReachTheClientAndTheTunnelRelays(String path) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(5000);
            s.getOutputStream().write(upgrade(path, "websocket").getBytes(StandardCharsets.US_ASCII));
            assertThat(readUntil(s.getInputStream(), "FIRST-FRAME")).startsWith("HTTP/1.1 101");
            s.getOutputStream().write("PING".getBytes(StandardCharsets.US_ASCII));
            assertThat(readUntil(s.getInputStream(), "PING")).isEqualTo("PING");
        }
    }

    @Test
    void onlyTheWebSocketTokenOfUpgradeIsForwarded() throws IOException {
        heads.clear();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(5000);
            s.getOutputStream().write(upgrade("/mixed", "websocket, h2c").getBytes(StandardCharsets.US_ASCII));
            assertThat(readUntil(s.getInputStream(), "\r\n\r\n")).startsWith("HTTP/1.1 101");
        }
        String head = heads.poll();
        assertThat(head).isNotNull();
        assertThat(head.toLowerCase()).contains("\r\nupgrade: websocket\r\n").doesNotContain("h2c");
    }

    @Test
    void a101WithAnotherProtocolIs502() throws IOException {
        RawHttp.Reply reply = RawHttp.send(port, upgrade("/wrong-protocol", "websocket"));
        assertThat(reply.status()).isEqualTo(502);
        assertThat(reply.text()).doesNotContain("101");
    }

    @Test
    void a101ToARequestThatAskedForNoUpgradeIs502() throws IOException {
        RawHttp.Reply reply = RawHttp.send(port, "GET /plain HTTP/1.1\r\nHost: example.com\r\n\r\n");
        assertThat(reply.status()).isEqualTo(502);
    }

    /** Reads until {@code marker} was received; returns everything read. */
    private static String readUntil(InputStream in, String marker) throws IOException {
        StringBuilder text = new StringBuilder();
        byte[] buf = new byte[1024];
        try {
            while (!text.toString().contains(marker)) {
                int n = in.read(buf);
                if (n < 0) {
                    throw new AssertionError("closed before " + marker + "; read: " + text);
                }
                text.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no " + marker + " within the timeout; read: " + text, e);
        }
        return text.toString();
    }
}
