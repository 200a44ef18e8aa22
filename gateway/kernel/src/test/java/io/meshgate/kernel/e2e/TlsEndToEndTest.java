package io.meshgate.kernel.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshgate.config.ClientValidation;
import io.meshgate.config.Cluster;
import io.meshgate.config.DownstreamTls;
import io.meshgate.config.Endpoint;
import io.meshgate.config.HttpListener;
import io.meshgate.config.HttpSettings;
import io.meshgate.config.ProxyConfig;
import io.meshgate.config.Route;
import io.meshgate.config.RouteMatch;
import io.meshgate.config.SniPassthrough;
import io.meshgate.config.VirtualHost;
import io.meshgate.kernel.Kernel;
import io.meshgate.kernel.KernelOptions;
import io.meshgate.kernel.testing.TestBackend;
import io.meshgate.kernel.testing.TestCerts;
import io.netty.pkitesting.X509Bundle;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TLS through a running kernel: certificates chosen by SNI (exact, wildcard), client certificates
 * required for one host only, 421 when SNI and Host disagree about that host, and passthrough of a
 * whole TLS session to a backend that terminates it with its own certificate.
 */
class TlsEndToEndTest {
    static final X509Bundle SERVER_CA = TestCerts.rootCa("meshgate test server CA");
    static final X509Bundle CLIENT_CA = TestCerts.rootCa("meshgate test client CA");
    static final X509Bundle ROGUE_CA = TestCerts.rootCa("rogue CA");
    static final X509Bundle BACKEND_CA = TestCerts.rootCa("backend CA");

    static TestBackend backend;
    static SSLServerSocket tlsBackend;
    static Thread tlsBackendThread;
    static Kernel kernel;
    static int httpsPort;
    static int passthroughPort;

    @BeforeAll
    static void start() throws Exception {
        backend = new TestBackend("b1");
        startTlsBackend();
        var a = TestCerts.serverCertificate(TestCerts.server(SERVER_CA, "a.example.com"), null, "a.example.com");
        var wild = TestCerts.serverCertificate(TestCerts.server(SERVER_CA, "*.b.example.com"), null, "*.b.example.com");
        var mtls = TestCerts.serverCertificate(TestCerts.server(SERVER_CA, "mtls.example.com"),
                new ClientValidation(CLIENT_CA.getCertificatePEM(), 1, true), "mtls.example.com");
        VirtualHost any = new VirtualHost("any", List.of("*"), List.of(Route.to("all", RouteMatch.ANY, "web")));
        HttpListener https = new HttpListener("https", "127.0.0.1", 0, List.of(any),
                new DownstreamTls(List.of(a, wild, mtls), null), List.of(), null, HttpSettings.DEFAULTS);
        HttpListener passthrough = new HttpListener("passthrough", "127.0.0.1", 0, List.of(), null,
                List.of(new SniPassthrough(List.of("pt.example.com"), "tls-backend")), null, HttpSettings.DEFAULTS);
        ProxyConfig config = new ProxyConfig("tls-1", List.of(https, passthrough), List.of(
                Cluster.of("web", List.of(Endpoint.of("127.0.0.1", backend.port()))),
                Cluster.of("tls-backend", List.of(Endpoint.of("127.0.0.1", tlsBackend.getLocalPort())))));
        kernel = Kernel.start(KernelOptions.defaults().withIoThreads(2), config);
        httpsPort = kernel.port("https");
        passthroughPort = kernel.port("passthrough");
    }

    /** A loopback TLS server with its own certificate that greets every client. */
    private static void startTlsBackend() throws Exception {
        X509Bundle cert = TestCerts.server(BACKEND_CA, "pt.example.com");
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(cert.toKeyManagerFactory().getKeyManagers(), null, null);
        tlsBackend = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 50,
                java.net.InetAddress.getLoopbackAddress());
        tlsBackendThread = Thread.ofVirtual().start(() -> {
            while (!tlsBackend.isClosed()) {
                try (SSLSocket s = (SSLSocket) tlsBackend.accept()) {
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
        kernel.close();
        backend.close();
        tlsBackend.close();
    }

    private static SSLSocket connect(int port, String sni, SSLContext ctx) throws IOException {
        SSLSocket socket = (SSLSocket) ctx.getSocketFactory().createSocket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(10_000);
        SSLParameters params = socket.getSSLParameters();
        params.setServerNames(List.of(new SNIHostName(sni)));
        socket.setSSLParameters(params);
        socket.startHandshake();
        return socket;
    }

    private static String get(SSLSocket socket, String host) throws IOException {
        socket.getOutputStream().write(("GET /tls HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        InputStream in = socket.getInputStream();
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    private static String peerName(SSLSocket socket) throws IOException {
        return TestCerts.commonName((X509Certificate) socket.getSession().getPeerCertificates()[0]);
    }

    @Test
    void choosesTheCertificateBySni() throws Exception {
        // a fresh client context per connection: the JDK client would resume the first session
        // (and resend its server name) on the second connection to the same address
        try (SSLSocket s = connect(httpsPort, "a.example.com", TestCerts.clientContext(SERVER_CA, null))) {
            assertThat(peerName(s)).isEqualTo("a.example.com");
            assertThat(get(s, "a.example.com")).startsWith("HTTP/1.1 200").endsWith("b1 /tls");
        }
        try (SSLSocket s = connect(httpsPort, "x.b.example.com", TestCerts.clientContext(SERVER_CA, null))) {
            assertThat(peerName(s)).isEqualTo("*.b.example.com");
            assertThat(get(s, "x.b.example.com")).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void acceptsAClientCertificateFromTheTrustedCa() throws Exception {
        SSLContext ctx = TestCerts.clientContext(SERVER_CA, TestCerts.client(CLIENT_CA, "good client"));
        try (SSLSocket s = connect(httpsPort, "mtls.example.com", ctx)) {
            assertThat(get(s, "mtls.example.com")).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void refusesMissingOrForeignClientCertificates() {
        for (X509Bundle clientCert : new X509Bundle[] {null, TestCerts.client(ROGUE_CA, "rogue client")}) {
            SSLContext ctx = TestCerts.clientContext(SERVER_CA, clientCert);
            // TLS 1.3 reports the refusal on the first read after the handshake
            assertThatThrownBy(() -> {
                try (SSLSocket s = connect(httpsPort, "mtls.example.com", ctx)) {
                    String answer = get(s, "mtls.example.com");
                    assertThat(answer).isEmpty();
                    throw new IOException("connection closed without an answer");
                }
            }).isInstanceOf(IOException.class);
        }
    }

    @Test
    void answers421WhenHostNamesAnMtlsHostThatSniDidNot() throws Exception {
        SSLContext ctx = TestCerts.clientContext(SERVER_CA, null);
        int before = backend.requests().size();
        try (SSLSocket s = connect(httpsPort, "a.example.com", ctx)) {
            assertThat(get(s, "mtls.example.com")).startsWith("HTTP/1.1 421");
        }
        assertThat(backend.requests()).hasSize(before);
    }

    @Test
    void passesTlsThroughToTheBackendUntouched() throws Exception {
        SSLContext ctx = TestCerts.clientContext(BACKEND_CA, null);
        try (SSLSocket s = connect(passthroughPort, "pt.example.com", ctx)) {
            assertThat(peerName(s)).isEqualTo("pt.example.com");
            assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
                    .isEqualTo("hello from the backend\n");
        }
    }

    @Test
    void refusesPassthroughForUnknownNames() {
        SSLContext ctx = TestCerts.clientContext(BACKEND_CA, null);
        assertThatThrownBy(() -> connect(passthroughPort, "other.example.com", ctx).close())
                .isInstanceOf(IOException.class);
    }
}
