package io.meshgate.kernel.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.meshgate.config.DownstreamTls;
import io.meshgate.kernel.tcp.TestNet;
import io.meshgate.kernel.transport.Transports;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.pkitesting.X509Bundle;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * TLS termination through {@link TlsDispatchHandler} on loopback, with the JDK and (when its native
 * library loads) the BoringSSL provider on the server side: certificate choice by SNI, ALPN, and
 * the protocol/cipher policy.
 */
class TlsTerminationEndToEndTest {
    private static final X509Bundle CA = TestPki.rootCa("termination test CA");
    private static final X509Bundle A = TestPki.server(CA, "a.example.com");
    private static final X509Bundle WILD = TestPki.server(CA, "*.wild.example.com");
    private static final X509Bundle FALLBACK = TestPki.server(CA, "default.example.com");
    private static final DownstreamTls TLS = new DownstreamTls(List.of(
            TestPki.serverCertificate(A, null, "a.example.com"),
            TestPki.serverCertificate(WILD, null, "*.wild.example.com")),
            TestPki.serverCertificate(FALLBACK, null, "default.example.com"));

    private static EventLoopGroup group;
    private static final Map<SslProvider, Integer> LISTENERS = new EnumMap<>(SslProvider.class);
    private static final List<AutoCloseable> RESOURCES = new ArrayList<>();

    static Stream<SslProvider> providers() {
        return TlsPolicy.openSslAvailable() ? Stream.of(SslProvider.JDK, SslProvider.OPENSSL) : Stream.of(SslProvider.JDK);
    }

    @BeforeAll
    static void start() {
        group = Transports.newGroup(2, "tls-termination-test");
        providers().forEach(p -> LISTENERS.put(p, listen(ServerTlsContexts.build(TLS, true, p), TlsDispatchSettings.DEFAULTS)));
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable r : RESOURCES) {
            r.close();
        }
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static int listen(ServerTlsContexts contexts, TlsDispatchSettings settings) {
        Channel server = TestNet.listen(group, () -> new TlsDispatchHandler(
                contexts, PassthroughTable.empty(), null, new InfoInstaller(), settings));
        RESOURCES.add(() -> server.close().syncUninterruptibly());
        return TestNet.port(server);
    }

    @ParameterizedTest
    @MethodSource("providers")
    void sniSelectsTheExactOrWildcardCertificate(SslProvider provider) throws IOException {
        TlsTestClient client = new TlsTestClient(null, CA);
        int port = LISTENERS.get(provider);

        TlsTestClient.Exchange a = client.exchange(port, "a.example.com");
        assertThat(a.serverCn()).isEqualTo("CN=a.example.com");
        assertThat(a.line()).startsWith("sni=a.example.com ");

        TlsTestClient.Exchange wild = client.exchange(port, "API.wild.example.com");
        assertThat(wild.serverCn()).isEqualTo("CN=*.wild.example.com");
        assertThat(wild.line()).startsWith("sni=api.wild.example.com ");
    }

    @ParameterizedTest
    @MethodSource("providers")
    void unknownOrMissingSniGetsTheDefaultCertificate(SslProvider provider) throws IOException {
        TlsTestClient client = new TlsTestClient(null, CA);
        int port = LISTENERS.get(provider);

        TlsTestClient.Exchange unknown = client.exchange(port, "unknown.example.org");
        assertThat(unknown.serverCn()).isEqualTo("CN=default.example.com");
        assertThat(unknown.line()).startsWith("sni=unknown.example.org ");

        TlsTestClient.Exchange none = client.exchange(port, null);
        assertThat(none.serverCn()).isEqualTo("CN=default.example.com");
        assertThat(none.line()).startsWith("sni=null ");
    }

    @ParameterizedTest
    @MethodSource("providers")
    void alpnNegotiatesH2OrHttp11(SslProvider provider) throws IOException {
        int port = LISTENERS.get(provider);
        TlsTestClient.Exchange h2 = new TlsTestClient(null, CA).alpn("h2", "http/1.1").exchange(port, "a.example.com");
        assertThat(h2.alpn()).isEqualTo("h2");
        assertThat(h2.line()).contains("alpn=h2");

        TlsTestClient.Exchange http1 = new TlsTestClient(null, CA).alpn("http/1.1").exchange(port, "a.example.com");
        assertThat(http1.line()).contains("alpn=http/1.1");

        TlsTestClient.Exchange none = new TlsTestClient(null, CA).exchange(port, "a.example.com");
        assertThat(none.line()).contains("alpn=http/1.1");
    }

    @Test
    void withoutH2OnlyHttp11IsOffered() throws IOException {
        int port = listen(ServerTlsContexts.build(TLS, false), TlsDispatchSettings.DEFAULTS);
        TlsTestClient.Exchange exchange = new TlsTestClient(null, CA).alpn("h2", "http/1.1").exchange(port, "a.example.com");
        assertThat(exchange.line()).contains("alpn=http/1.1");
    }

    @ParameterizedTest
    @MethodSource("providers")
    void tls13AndTls12WithAeadSuitesAreAccepted(SslProvider provider) throws IOException {
        int port = LISTENERS.get(provider);
        assertThat(new TlsTestClient(null, CA).exchange(port, "a.example.com").protocol()).isEqualTo("TLSv1.3");
        for (String suite : List.of("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
                "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256")) {
            TlsTestClient.Exchange tls12 = new TlsTestClient(null, CA).protocols("TLSv1.2").ciphers(suite)
                    .exchange(port, "a.example.com");
            assertThat(tls12.protocol()).as(suite).isEqualTo("TLSv1.2");
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void tls12CbcSuitesAreRefused(SslProvider provider) throws IOException {
        String cbc = "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA";
        TlsTestClient client = new TlsTestClient(null, CA).protocols("TLSv1.2").ciphers(cbc);
        // control: this client does complete a CBC handshake with a server that allows it
        SslContext permissive = SslContextBuilder.forServer(A.getKeyPair().getPrivate(), A.getCertificatePath())
                .sslProvider(provider).protocols("TLSv1.2").ciphers(List.of(cbc)).build();
        try (PlainTlsServer control = new PlainTlsServer(group, permissive, "control")) {
            assertThat(client.exchange(control.port(), "a.example.com").line()).isEqualTo("control");
        }
        assertThatThrownBy(() -> client.exchange(LISTENERS.get(provider), "a.example.com")).isInstanceOf(IOException.class);
    }

    @ParameterizedTest
    @MethodSource("providers")
    void tls11IsRefused(SslProvider provider) throws Exception {
        // the JDK client cannot even offer TLS 1.1 any more; BoringSSL's client still can
        assumeTrue(TlsPolicy.openSslAvailable(), "needs the BoringSSL client");
        List<String> tls11Suites = List.of("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA");
        SslContext tls11Client = SslContextBuilder.forClient().sslProvider(SslProvider.OPENSSL)
                .protocols("TLSv1.1").ciphers(tls11Suites).trustManager(CA.getRootCertificate()).build();
        SslContext tls11Server = SslContextBuilder.forServer(A.getKeyPair().getPrivate(), A.getCertificatePath())
                .sslProvider(SslProvider.OPENSSL).protocols("TLSv1.1").ciphers(tls11Suites).build();
        try (PlainTlsServer control = new PlainTlsServer(group, tls11Server, "control")) {
            assertThat(handshake(tls11Client, control.port()).isSuccess()).as("control handshake").isTrue();
        }
        Future<Channel> refused = handshake(tls11Client, LISTENERS.get(provider));
        assertThat(refused.isSuccess()).isFalse();
    }

    @Test
    void nonTlsBytesGetNoAnswerInTheClear() throws IOException {
        try (Socket socket = TestNet.client(LISTENERS.get(SslProvider.JDK))) {
            OutputStream out = socket.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: a.example.com\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(readUntilClosed(socket.getInputStream())).doesNotContain("HTTP/");
        }
    }

    @Test
    void aClientThatNeverFinishesItsClientHelloIsClosed() throws IOException {
        int port = listen(ServerTlsContexts.build(TLS, true),
                new TlsDispatchSettings(Duration.ofMillis(300), Duration.ofSeconds(10), 16 * 1024, Duration.ofHours(1)));
        try (Socket silent = TestNet.client(port); Socket slow = TestNet.client(port)) {
            slow.getOutputStream().write(new byte[] {0x16, 0x03, 0x01});
            assertThat(silent.getInputStream().read()).isEqualTo(-1);
            assertThat(slow.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void aClientThatStallsAfterItsClientHelloIsClosedByTheHandshakeTimeout() throws IOException {
        int port = listen(ServerTlsContexts.build(TLS, true),
                new TlsDispatchSettings(Duration.ofSeconds(10), Duration.ofMillis(300), 16 * 1024, Duration.ofHours(1)));
        try (Socket socket = TestNet.client(port)) {
            socket.getOutputStream().write(ClientHellos.withSni("a.example.com"));
            // the server flight arrives, then the connection closes because we never answer it (a read
            // timeout would fail the test instead)
            assertThat(readUntilClosed(socket.getInputStream())).isNotEmpty();
        }
    }

    private static Future<Channel> handshake(SslContext clientContext, int port) throws InterruptedException {
        // the handler is kept here: a failed handshake may tear the pipeline down before connect() returns
        java.util.concurrent.atomic.AtomicReference<SslHandler> ssl = new java.util.concurrent.atomic.AtomicReference<>();
        Channel ch = new Bootstrap().group(group).channel(Transports.clientChannel())
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel c) {
                        ssl.set(clientContext.newHandler(c.alloc(), "a.example.com", port));
                        c.pipeline().addLast(ssl.get(), new io.netty.channel.ChannelInboundHandlerAdapter() {
                            @Override
                            public void exceptionCaught(io.netty.channel.ChannelHandlerContext ctx, Throwable cause) {
                                ctx.close(); // the handshake future carries the failure
                            }
                        });
                    }
                })
                .connect("127.0.0.1", port).sync().channel();
        try {
            Future<Channel> done = ssl.get().handshakeFuture();
            done.await(30, TimeUnit.SECONDS);
            assertThat(done.isDone()).as("handshake finished").isTrue();
            return done;
        } finally {
            ch.close().sync();
        }
    }

    private static String readUntilClosed(InputStream in) throws IOException {
        try {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (java.net.SocketException reset) {
            return "";
        }
    }
}
