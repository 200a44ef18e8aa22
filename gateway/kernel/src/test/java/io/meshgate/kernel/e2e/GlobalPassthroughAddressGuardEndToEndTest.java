package io.meshgate.kernel.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshgate.config.GlobalPassthrough;
import io.meshgate.config.HttpListener;
import io.meshgate.config.HttpSettings;
import io.meshgate.config.ProxyConfig;
import io.meshgate.kernel.Kernel;
import io.meshgate.kernel.KernelOptions;
import io.meshgate.kernel.testing.TestCerts;
import io.netty.pkitesting.X509Bundle;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Global passthrough must not relay into the gateway's own network: {@code localhost}, allow-listed
 * and resolved by the JDK resolver (not the hosts file), is loopback and refused, unless the listener
 * sets {@code allowPrivateAddresses}; a name the operator pinned to loopback in the hosts file is
 * relayed without the switch. The only server behind the kernel is a loopback TLS backend.
 */
class GlobalPassthroughAddressGuardEndToEndTest {
    private static final X509Bundle BACKEND_CA = TestCerts.rootCa("backend CA");
    private static final String PINNED_NAME = "pinned.meshgate.invalid";

    @TempDir
    static Path dir;

    static SSLServerSocket tlsBackend;
    static final AtomicInteger backendConnections = new AtomicInteger();
    static Kernel kernel;

    @BeforeAll
    static void start() throws Exception {
        startTlsBackend();
        int upstreamPort = tlsBackend.getLocalPort();
        Path hosts = Files.writeString(dir.resolve("hosts"), "127.0.0.1 " + PINNED_NAME + "\n");
        ProxyConfig config = new ProxyConfig("guard-1", List.of(
                listener("public-only", new GlobalPassthrough(upstreamPort, List.of("localhost", PINNED_NAME))),
                listener("private-allowed", new GlobalPassthrough(upstreamPort, List.of("localhost"), true))),
                List.of());
        kernel = Kernel.start(KernelOptions.defaults().withIoThreads(2).withHostsFile(hosts), config);
    }

    private static HttpListener listener(String name, GlobalPassthrough global) {
        return new HttpListener(name, "127.0.0.1", 0, List.of(), null, List.of(), global, HttpSettings.DEFAULTS);
    }

    /** A loopback TLS server that greets every client and counts the connections that reach it. */
    private static void startTlsBackend() throws Exception {
        X509Bundle cert = TestCerts.server(BACKEND_CA, "localhost");
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(cert.toKeyManagerFactory().getKeyManagers(), null, null);
        tlsBackend = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 50,
                InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!tlsBackend.isClosed()) {
                try (SSLSocket s = (SSLSocket) tlsBackend.accept()) {
                    backendConnections.incrementAndGet();
                    s.setSoTimeout(10_000);
                    s.startHandshake();
                    s.getOutputStream().write("hello from the backend\n".getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                } catch (IOException e) {
                    // closed or a failed handshake: next client
                }
            }
        });
    }

    @AfterAll
    static void stop() throws IOException {
        if (kernel != null) {
            kernel.close();
        }
        tlsBackend.close();
    }

    /** Handshakes through the kernel with {@code sni} and reads the backend's greeting. */
    private static String greeting(String listener, String sni) throws IOException {
        try (SSLSocket socket = (SSLSocket) TestCerts.clientContext(BACKEND_CA, null).getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", kernel.port(listener)), 5_000);
            socket.setSoTimeout(10_000);
            SSLParameters params = socket.getSSLParameters();
            params.setServerNames(List.of(new SNIHostName(sni)));
            socket.setSSLParameters(params);
            socket.startHandshake();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
        }
    }

    @Test
    void anAllowListedNameThatDnsResolvesToLoopbackIsRefusedAndCounted() {
        int before = backendConnections.get();

        assertThatThrownBy(() -> greeting("public-only", "localhost")).isInstanceOf(IOException.class);

        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(kernel.metrics().statsLines())
                .anyMatch(line -> line.startsWith("meshgate_passthrough_address_refused_total{range=loopback}: ")));
        assertThat(backendConnections.get()).isEqualTo(before);
    }

    @Test
    void theSwitchLetsTheSameNameReachTheLoopbackBackend() throws IOException {
        assertThat(greeting("private-allowed", "localhost")).isEqualTo("hello from the backend");
    }

    @Test
    void aNamePinnedToLoopbackInTheHostsFileIsRelayedWithoutTheSwitch() throws IOException {
        assertThat(greeting("public-only", PINNED_NAME)).isEqualTo("hello from the backend");
    }
}
