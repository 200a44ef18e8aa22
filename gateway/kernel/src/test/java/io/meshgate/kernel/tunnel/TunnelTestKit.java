package io.meshgate.kernel.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.config.Listener;
import io.meshgate.config.ProxyConfig;
import io.meshgate.kernel.Kernel;
import io.meshgate.kernel.KernelOptions;
import io.meshgate.kernel.testing.RawBackend;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A kernel serving tunnel listeners on 127.0.0.1 beside a loopback echo server; names come from a hosts file. */
final class TunnelTestKit implements AutoCloseable {
    /** Resolved by the kernel's hosts file to 127.0.0.1. */
    static final String ECHO_NAME = "echo.test";

    final RawBackend echo = new RawBackend(TunnelTestKit::echo);
    final List<String> accessLines = new CopyOnWriteArrayList<>();
    final Kernel kernel;
    private final Path hostsFile;

    TunnelTestKit(Listener... listeners) throws IOException {
        hostsFile = Files.createTempFile("tunnel-hosts", ".txt");
        Files.writeString(hostsFile, "127.0.0.1 " + ECHO_NAME + "\n");
        kernel = Kernel.start(KernelOptions.defaults().withIoThreads(1).withAccessLog(accessLines::add)
                .withHostsFile(hostsFile), new ProxyConfig("v1", List.of(listeners), List.of()));
    }

    private static void echo(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
            out.flush();
        }
    }

    int port(String listener) {
        return kernel.port(listener);
    }

    Socket connect(String listener) throws IOException {
        Socket socket = new Socket("127.0.0.1", port(listener));
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** A port on 127.0.0.1 where nothing listens (bound, then closed). */
    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Reads an HTTP response head (up to the blank line). */
    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            String text = head.toString(StandardCharsets.US_ASCII);
            if (text.endsWith("\r\n\r\n")) {
                return text;
            }
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    static String readAll(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }

    static byte[] readExactly(InputStream in, int n) throws IOException {
        byte[] out = in.readNBytes(n);
        assertThat(out).as("bytes before end of stream").hasSize(n);
        return out;
    }

    static void write(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    /** Sends {@code text} through an open tunnel and expects the echo. */
    static void assertEchoes(Socket socket, String text) throws IOException {
        write(socket, text);
        assertThat(new String(readExactly(socket.getInputStream(), text.length()), StandardCharsets.US_ASCII))
                .isEqualTo(text);
    }

    /** The access-log lines written so far, waiting for at least {@code count}. */
    List<String> lines(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (accessLines.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(accessLines).as("access-log lines").hasSizeGreaterThanOrEqualTo(count);
        return List.copyOf(accessLines);
    }

    /** The /stats line of {@code prefix}, waiting for it to read {@code value}. */
    void awaitStat(String prefix, String value) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (kernel.metrics().statsLines().contains(prefix + ": " + value)) {
                return;
            }
            Thread.sleep(20);
        }
        assertThat(kernel.metrics().statsLines()).contains(prefix + ": " + value);
    }

    @Override
    public void close() throws IOException {
        kernel.close();
        echo.close();
        Files.deleteIfExists(hostsFile);
    }
}
