package io.meshgate.kernel.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshgate.config.DownstreamTls;
import io.meshgate.config.GlobalPassthrough;
import io.meshgate.config.SniPassthrough;
import io.meshgate.kernel.tcp.TestNet;
import io.meshgate.kernel.transport.Transports;
import io.meshgate.kernel.upstream.HostResolver;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.pkitesting.X509Bundle;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TLS passthrough on loopback: a backend TLS server with its own certificate from its own CA sits
 * behind the listener. A client that trusts only the backend's CA completing a handshake through the
 * listener proves the bytes went through untouched.
 */
class PassthroughEndToEndTest {
    private static final X509Bundle LISTENER_CA = TestPki.rootCa("listener CA");
    private static final X509Bundle BACKEND_CA = TestPki.rootCa("backend CA");
    private static final X509Bundle BACKEND = TestPki.server(BACKEND_CA, "db.example.com");
    private static final DownstreamTls LISTENER_TLS = new DownstreamTls(List.of(TestPki.serverCertificate(
            TestPki.server(LISTENER_CA, "a.example.com"), null, "a.example.com")), null);

    private static EventLoopGroup group;
    private static PlainTlsServer backend;

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final List<PassthroughTarget> targets = new CopyOnWriteArrayList<>();
    private final List<String> resolved = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        group = Transports.newGroup(2, "passthrough-test");
        backend = new PlainTlsServer(group, SslContextBuilder
                .forServer(BACKEND.getKeyPair().getPrivate(), BACKEND.getCertificatePath()).build(), "backend");
    }

    @AfterAll
    static void stop() {
        backend.close();
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @AfterEach
    void closeResources() throws Exception {
        for (AutoCloseable r : resources) {
            r.close();
        }
    }

    @Test
    void anSniEntryIsRelayedToItsClusterUntouched() throws IOException {
        int port = listen(LISTENER_TLS, PassthroughTable.compile(
                List.of(new SniPassthrough(List.of("db.example.com", "*.db.example.com"), "db")), null), toPort(backend.port()));

        TlsTestClient.Exchange exchange = new TlsTestClient(null, BACKEND_CA).exchange(port, "db.example.com");
        assertThat(exchange.line()).isEqualTo("backend");
        assertThat(exchange.serverCn()).isEqualTo("CN=db.example.com");
        assertThat(new TlsTestClient(null, BACKEND_CA).exchange(port, "replica.db.example.com").line()).isEqualTo("backend");
        assertThat(targets).containsOnly(new PassthroughTarget.ToCluster("db"));
    }

    @Test
    void otherNamesOnTheSameListenerAreTerminated() throws IOException {
        int port = listen(LISTENER_TLS, PassthroughTable.compile(
                List.of(new SniPassthrough(List.of("db.example.com"), "db")), null), toPort(backend.port()));

        TlsTestClient.Exchange exchange = new TlsTestClient(null, LISTENER_CA).exchange(port, "a.example.com");
        assertThat(exchange.line()).startsWith("sni=a.example.com ");
        assertThat(targets).isEmpty();
    }

    @Test
    void aFragmentedClientHelloIsReassembledForItsSniAndRelayedByteForByte() throws Exception {
        try (ServerSocket capture = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = listen(null, PassthroughTable.compile(
                    List.of(new SniPassthrough(List.of("db.example.com"), "db")), null), toPort(capture.getLocalPort()));
            byte[] sent = ClientHellos.fragment(ClientHellos.withSni("db.example.com"), 7);

            try (Socket client = TestNet.client(port)) {
                client.getOutputStream().write(sent);
                client.shutdownOutput();
                try (Socket upstream = capture.accept()) {
                    upstream.setSoTimeout(30_000);
                    assertThat(upstream.getInputStream().readAllBytes()).isEqualTo(sent);
                }
            }
        }
    }

    @Test
    void globalPassthroughRelaysAllowedNamesToTheSniHost() throws IOException {
        int port = listen(null, PassthroughTable.compile(List.of(),
                new GlobalPassthrough(backend.port(), List.of("allowed.example.com", "*.apps.example.com"))), loopbackResolver());

        assertThat(new TlsTestClient(null, BACKEND_CA).exchange(port, "allowed.example.com").line()).isEqualTo("backend");
        assertThat(new TlsTestClient(null, BACKEND_CA).exchange(port, "web.apps.example.com").line()).isEqualTo("backend");
        assertThat(resolved).containsExactly("allowed.example.com", "web.apps.example.com");
    }

    @Test
    void globalPassthroughReachesANamePinnedInTheHostsTable() throws IOException {
        // no DNS knows this name: only the hosts table can send it to the loopback backend
        HostResolver hosts = HostResolver.parse("127.0.0.1 pinned.meshgate.invalid # the backend\n", "test hosts");
        var executor = Executors.newVirtualThreadPerTaskExecutor();
        resources.add(executor::close);
        int port = listen(null, PassthroughTable.compile(List.of(),
                new GlobalPassthrough(backend.port(), List.of("pinned.meshgate.invalid"))),
                new DirectHostConnector(executor, pinned(hosts::resolveAll), Duration.ofSeconds(5)));

        TlsTestClient.Exchange exchange = new TlsTestClient(null, BACKEND_CA).exchange(port, "pinned.meshgate.invalid");
        assertThat(exchange.line()).isEqualTo("backend");
        assertThat(exchange.serverCn()).isEqualTo("CN=db.example.com");
    }

    @Test
    void globalPassthroughSkipsRefusedAddressesAndCountsANameWithNoOtherAsRefused() throws IOException {
        List<AddressRange> refusals = new CopyOnWriteArrayList<>();
        var executor = Executors.newVirtualThreadPerTaskExecutor();
        resources.add(executor::close);
        // as DNS would answer: the metadata address first, then loopback (which the switch admits)
        DirectHostConnector connector = new DirectHostConnector(executor, host -> List.of(
                InetAddress.getByName("169.254.169.254"), InetAddress.getLoopbackAddress()),
                Duration.ofSeconds(5), refusals::add);
        int allowing = listen(null, PassthroughTable.compile(List.of(),
                new GlobalPassthrough(backend.port(), List.of("internal.example.com"), true)), connector);
        int refusing = listen(null, PassthroughTable.compile(List.of(),
                new GlobalPassthrough(backend.port(), List.of("internal.example.com"))), connector);

        assertThat(new TlsTestClient(null, BACKEND_CA).exchange(allowing, "internal.example.com").line())
                .isEqualTo("backend");
        assertThat(refusals).isEmpty();
        assertThatThrownBy(() -> new TlsTestClient(null, BACKEND_CA).exchange(refusing, "internal.example.com"))
                .isInstanceOf(IOException.class);
        assertThat(refusals).containsExactly(AddressRange.LINK_LOCAL);
    }

    @Test
    void globalPassthroughRefusesNamesOffItsAllowList() {
        int port = listen(null, PassthroughTable.compile(List.of(),
                new GlobalPassthrough(backend.port(), List.of("allowed.example.com"))), loopbackResolver());

        for (String sni : List.of("denied.example.com", "a.b.apps.example.com")) {
            assertThatThrownBy(() -> new TlsTestClient(null, BACKEND_CA).exchange(port, sni)).as(sni)
                    .isInstanceOf(IOException.class);
        }
        assertThatThrownBy(() -> new TlsTestClient(null, BACKEND_CA).exchange(port, null)).isInstanceOf(IOException.class);
        assertThat(resolved).isEmpty();
    }

    @Test
    void anEmptyAllowListRelaysNothing() {
        int port = listen(null, PassthroughTable.compile(List.of(),
                new GlobalPassthrough(backend.port(), List.of())), loopbackResolver());

        assertThatThrownBy(() -> new TlsTestClient(null, BACKEND_CA).exchange(port, "allowed.example.com"))
                .isInstanceOf(IOException.class);
        assertThat(resolved).isEmpty();
    }

    @Test
    void aFailedUpstreamConnectClosesTheClient() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        int port = listen(null, PassthroughTable.compile(
                List.of(new SniPassthrough(List.of("db.example.com"), "db")), null), toPort(closedPort));

        assertThatThrownBy(() -> new TlsTestClient(null, BACKEND_CA).exchange(port, "db.example.com"))
                .isInstanceOf(IOException.class);
    }

    @Test
    void aClientThatLeavesWhileTheUpstreamConnectsLeavesNoUpstreamBehind() throws Exception {
        CompletableFuture<io.netty.util.concurrent.Promise<Channel>> pending = new CompletableFuture<>();
        CompletableFuture<Channel> downstreamSeen = new CompletableFuture<>();
        // a FIN while connecting is kept as a half-close, so the ClientHello deadline is what ends this one
        TlsDispatchSettings settings = new TlsDispatchSettings(
                Duration.ofMillis(500), Duration.ofSeconds(10), 16 * 1024, Duration.ofHours(1));
        int port = listen(null, PassthroughTable.compile(
                List.of(new SniPassthrough(List.of("db.example.com"), "db")), null), (target, downstream) -> {
                    io.netty.util.concurrent.Promise<Channel> promise = downstream.eventLoop().newPromise();
                    pending.complete(promise);
                    downstreamSeen.complete(downstream);
                    return promise;
                }, settings);

        try (Socket client = TestNet.client(port)) {
            client.getOutputStream().write(ClientHellos.withSni("db.example.com"));
        }
        Channel downstream = downstreamSeen.get(30, TimeUnit.SECONDS);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !downstream.isOpen());
        // the upstream connect completes after the client is gone: it must be closed, not leaked
        Channel upstream = TestNet.connect(downstream, backend.port()).get(30, TimeUnit.SECONDS);
        pending.get().setSuccess(upstream);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !upstream.isOpen());
    }

    private int listen(DownstreamTls tls, PassthroughTable table, PassthroughConnector connector) {
        return listen(tls, table, connector, TlsDispatchSettings.DEFAULTS);
    }

    private int listen(DownstreamTls tls, PassthroughTable table, PassthroughConnector connector,
                       TlsDispatchSettings settings) {
        ServerTlsContexts contexts = tls == null ? null : ServerTlsContexts.build(tls, true);
        PassthroughConnector recording = (target, downstream) -> {
            targets.add(target);
            return connector.connect(target, downstream);
        };
        Channel server = TestNet.listen(group, () -> new TlsDispatchHandler(contexts, table, recording, new InfoInstaller(), settings));
        resources.add(() -> server.close().syncUninterruptibly());
        return TestNet.port(server);
    }

    private static PassthroughConnector toPort(int port) {
        return (target, downstream) -> TestNet.connect(downstream, port);
    }

    /**
     * The real DirectHostConnector, with a resolver that maps every name to loopback and records it.
     * It stands for the operator's hosts file: a DNS answer of loopback would be refused.
     */
    private PassthroughConnector loopbackResolver() {
        var executor = Executors.newVirtualThreadPerTaskExecutor();
        resources.add(executor::close);
        return new DirectHostConnector(executor, pinned(host -> {
            resolved.add(host);
            return List.of(InetAddress.getLoopbackAddress());
        }), Duration.ofSeconds(5));
    }

    /** {@code resolver} as the operator's own table, whose addresses pass whatever their range. */
    private static DirectHostConnector.Resolver pinned(DirectHostConnector.Resolver resolver) {
        return new DirectHostConnector.Resolver() {
            @Override
            public List<InetAddress> resolve(String host) throws java.net.UnknownHostException {
                return resolver.resolve(host);
            }

            @Override
            public boolean pinnedByOperator(String host) {
                return true;
            }
        };
    }
}
