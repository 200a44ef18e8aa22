package io.meshgate.kernel.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.config.Access;
import io.meshgate.config.AccessGrant;
import io.meshgate.config.DestinationRule;
import io.meshgate.config.DestinationRule.AppProtocol;
import io.meshgate.config.HttpSettings;
import io.meshgate.config.MeshListener;
import io.meshgate.config.MeshTls;
import io.meshgate.config.PrivateKeyPem;
import io.meshgate.kernel.filter.FilterRegistry;
import io.meshgate.kernel.http.HttpServerInitializer;
import io.meshgate.kernel.observe.AccessLog;
import io.meshgate.kernel.observe.KernelMetrics;
import io.meshgate.kernel.tcp.TestNet;
import io.meshgate.kernel.testing.TestCerts;
import io.meshgate.kernel.transport.Transports;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.pkitesting.X509Bundle;
import io.netty.util.concurrent.Future;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An inbound mesh listener on real loopback sockets (the original destination is chosen by the test,
 * the rest is the kernel's transport): mesh TLS with and without client certificates, plaintext on
 * the same port, principals and source ranges deciding TCP access, and a server-first protocol whose
 * plaintext client sends nothing until greeted.
 */
class MeshInboundTlsTest {
    private static final String BUYER = "bookbuyer.bookbuyer.cluster.local";
    private static final String THIEF = "bookthief.bookthief.cluster.local";
    private static final X509Bundle CA = TestCerts.rootCa("mesh CA");
    private static final X509Bundle OTHER_CA = TestCerts.rootCa("another CA");
    private static final X509Bundle STORE = TestCerts.workload(CA, "bookstore.bookstore.cluster.local");

    private static EventLoopGroup group;
    private static ServerSocket backend;
    private static Thread backendThread;
    private static Channel listener;
    private static final AtomicReference<InetSocketAddress> ORIGINAL = new AtomicReference<>();
    private static final PrometheusMeterRegistry REGISTRY = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @BeforeAll
    static void start() throws IOException {
        group = Transports.newGroup(1, "mesh-tls-test");
        backend = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        backendThread = Thread.ofVirtual().start(MeshInboundTlsTest::serveBackend);

        MeshTls tls = new MeshTls(STORE.getCertificatePathPEM(), PrivateKeyPem.of(STORE.getPrivateKeyPEM()),
                CA.getCertificatePEM());
        MeshListener config = new MeshListener("inbound", "127.0.0.1", 0, MeshListener.Direction.INBOUND, List.of(
                tcp("buyers", 9000, new Access(List.of(new AccessGrant("tt", Set.of(BUYER), List.of(), List.of())))),
                tcp("pods", 9001, new Access(List.of(new AccessGrant("ingress", Set.of(), List.of("127.0.0.0/8"), List.of())))),
                tcp("mesh", 9002, new Access(List.of(new AccessGrant("any", Set.of("*"), List.of(), List.of())))),
                new DestinationRule("greeter", List.of(), 9003, AppProtocol.TCP_SERVER_FIRST, List.of(), "backend", null)),
                MeshListener.UnmatchedDestination.REFUSE, tls, HttpSettings.DEFAULTS);
        MeshListenerRuntime mesh = MeshListenerRuntime.compile(config, FilterRegistry.standard());
        KernelMetrics metrics = new KernelMetrics(REGISTRY);
        MeshConnections connections = new MeshConnections(new MeshServices() {
            @Override
            public Future<Channel> connectToCluster(String cluster, Channel downstream) {
                return TestNet.connect(downstream, backend.getLocalPort());
            }

            @Override
            public Future<Channel> connectToAddress(InetSocketAddress address, Channel downstream) {
                throw new AssertionError("no passthrough here");
            }

            @Override
            public io.meshgate.kernel.upstream.UpstreamCluster cluster(String name) {
                return null; // clusters with endpoints: connectToCluster above serves them
            }

            @Override
            public HttpServerInitializer http() {
                throw new AssertionError("TCP rules only");
            }

            @Override
            public KernelMetrics metrics() {
                return metrics;
            }

            @Override
            public AccessLog accessLog() {
                return AccessLog.disabled();
            }

            @Override
            public InetSocketAddress originalDestination(Channel ch) {
                return ORIGINAL.get();
            }
        });
        listener = new io.netty.bootstrap.ServerBootstrap().group(group).channel(Transports.serverChannel())
                .childHandler(new io.netty.channel.ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        connections.accept(ch, mesh);
                    }
                }).bind("127.0.0.1", 0).syncUninterruptibly().channel();
    }

    @AfterAll
    static void stop() throws Exception {
        listener.close().syncUninterruptibly();
        backend.close();
        backendThread.join(5_000);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static DestinationRule tcp(String name, int port, Access access) {
        return new DestinationRule(name, List.of(), port, AppProtocol.TCP, List.of(), "backend", access);
    }

    /** Greets first, then echoes lines: "hi", then "echo:<line>" per line. */
    private static void serveBackend() {
        while (!backend.isClosed()) {
            try {
                Socket s = backend.accept();
                Thread.ofVirtual().start(() -> {
                    try (s) {
                        OutputStream out = s.getOutputStream();
                        out.write("hi\n".getBytes(StandardCharsets.US_ASCII));
                        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                        for (String line; (line = in.readLine()) != null; ) {
                            out.write(("echo:" + line + "\n").getBytes(StandardCharsets.US_ASCII));
                        }
                    } catch (IOException ignored) {
                        // the client went away
                    }
                });
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /**
     * Says "ping" (first, or only after the greeting for a server-first client); the greeting and the
     * answer, or null when the proxy closed the connection.
     */
    private static String talk(Socket socket, boolean clientFirst) throws IOException {
        socket.setSoTimeout(10_000);
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        try {
            if (clientFirst) {
                ping(socket);
            }
            String greeting = in.readLine();
            if (greeting == null) {
                return null;
            }
            if (!clientFirst) {
                ping(socket);
            }
            String answer = in.readLine();
            return answer == null ? null : greeting + "/" + answer;
        } catch (IOException e) {
            return null; // reset or TLS alert: refused
        }
    }

    private static void ping(Socket socket) throws IOException {
        socket.getOutputStream().write("ping\n".getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    private static String overTls(int originalPort, X509Bundle clientCert) throws IOException {
        ORIGINAL.set(new InetSocketAddress("10.244.0.5", originalPort));
        try (Socket plain = TestNet.client(port());
             SSLSocket tls = (SSLSocket) TestCerts.clientContext(CA, clientCert).getSocketFactory()
                     .createSocket(plain, "bookstore.bookstore.cluster.local", port(), true)) {
            try {
                tls.startHandshake();
            } catch (IOException e) {
                return null;
            }
            // client-certificate problems surface on the first read in TLS 1.3
            return talk(tls, true);
        }
    }

    private static String plaintext(int originalPort) throws IOException {
        return plaintext(originalPort, true);
    }

    private static String plaintext(int originalPort, boolean clientFirst) throws IOException {
        ORIGINAL.set(new InetSocketAddress("10.244.0.5", originalPort));
        try (Socket s = TestNet.client(port())) {
            return talk(s, clientFirst);
        }
    }

    private static double denied(String rule, String reason) {
        Counter c = REGISTRY.find("meshgate.mesh.access.denied").tags("rule", rule, "reason", reason).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void aGrantedPrincipalReachesTheRuleOverMeshTls() throws IOException {
        assertThat(overTls(9000, TestCerts.workload(CA, BUYER))).isEqualTo("hi/echo:ping");
    }

    @Test
    void otherPrincipalsAndUnauthenticatedPeersAreClosed() throws IOException {
        assertThat(overTls(9000, TestCerts.workload(CA, THIEF))).isNull();
        assertThat(denied("buyers", "principal_not_granted")).isEqualTo(1);
        assertThat(overTls(9000, null)).as("TLS without a client certificate").isNull();
        assertThat(plaintext(9000)).as("plaintext").isNull();
        assertThat(denied("buyers", "peer_not_authenticated")).isEqualTo(2);
    }

    @Test
    void aCertificateFromAnotherCaIsNoIdentity() throws IOException {
        // the handshake fails, or (a client that does not send a certificate the server's CA list
        // does not name) the peer is unauthenticated: either way the rule is not reached
        assertThat(overTls(9002, TestCerts.workload(OTHER_CA, BUYER))).isNull();
    }

    @Test
    void anyVerifiedPeerIsAdmittedByTheWildcardButPlaintextIsNot() throws IOException {
        assertThat(overTls(9002, TestCerts.workload(CA, THIEF))).isEqualTo("hi/echo:ping");
        assertThat(plaintext(9002)).isNull();
    }

    @Test
    void plaintextPeersAreAdmittedByTheirSourceRange() throws IOException {
        assertThat(plaintext(9001)).isEqualTo("hi/echo:ping");
    }

    @Test
    void aSilentPlaintextClientOfAServerFirstRuleIsGreeted() throws IOException {
        long start = System.nanoTime();
        assertThat(plaintext(9003, false)).isEqualTo("hi/echo:ping");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
                .as("served after the TLS wait, not the first-byte timeout")
                .isBetween(MeshConnections.SERVER_FIRST_TLS_WAIT.toMillis() - 50,
                        MeshConnections.FIRST_BYTE_TIMEOUT.toMillis() - 1_000L);
        assertThat(overTls(9003, TestCerts.workload(CA, BUYER))).isEqualTo("hi/echo:ping");
    }

    @Test
    void noRuleNoAnswer() throws IOException {
        ORIGINAL.set(new InetSocketAddress("10.244.0.5", 9999));
        try (Socket s = TestNet.client(port())) {
            s.getOutputStream().write("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(s.getInputStream().read()).as("orderly end of stream, no byte").isEqualTo(-1);
        }
    }
}
