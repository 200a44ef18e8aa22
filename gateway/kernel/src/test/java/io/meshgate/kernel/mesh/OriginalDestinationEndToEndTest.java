package io.meshgate.kernel.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.config.Cluster;
import io.meshgate.config.DestinationRule;
import io.meshgate.config.DestinationRule.AppProtocol;
import io.meshgate.config.EgressTunnel;
import io.meshgate.config.Endpoint;
import io.meshgate.config.HttpSettings;
import io.meshgate.config.MeshListener;
import io.meshgate.config.Route;
import io.meshgate.config.RouteMatch;
import io.meshgate.config.TunnelMode;
import io.meshgate.config.VirtualHost;
import io.meshgate.kernel.filter.FilterRegistry;
import io.meshgate.kernel.http.HttpListenerRuntime;
import io.meshgate.kernel.http.HttpRuntime;
import io.meshgate.kernel.http.HttpServerInitializer;
import io.meshgate.kernel.http.HttpSnapshot;
import io.meshgate.kernel.http.RequestTimeouts;
import io.meshgate.kernel.observe.AccessLog;
import io.meshgate.kernel.observe.KernelMetrics;
import io.meshgate.kernel.tcp.TestNet;
import io.meshgate.kernel.testing.RawHttp;
import io.meshgate.kernel.testing.TestBackend;
import io.meshgate.kernel.transport.Transports;
import io.meshgate.kernel.upstream.UpstreamCluster;
import io.meshgate.kernel.upstream.UpstreamConnectionPool;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.Future;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Original-destination clusters over real loopback sockets: a mesh listener (its original destination
 * faked, as in {@code MeshConnectionsTest}) relays TCP and proxies HTTP to where each connection was
 * going, directly or through a tiny CONNECT or SOCKS5 gateway the test runs; a gateway that refuses
 * closes the TCP connection and answers HTTP 502, with the reason in the access log.
 */
class OriginalDestinationEndToEndTest {
    private static EventLoopGroup group;
    private static Channel echo;
    private static TestBackend web;
    private static Channel listener;

    private static final PrometheusMeterRegistry REGISTRY = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private static final KernelMetrics METRICS = new KernelMetrics(REGISTRY);
    private static final List<String> ACCESS = new CopyOnWriteArrayList<>();
    private static final Map<EventLoop, UpstreamConnectionPool> POOLS = new ConcurrentHashMap<>();
    private static volatile MeshListenerRuntime mesh;
    private static volatile InetSocketAddress original;
    private static volatile Map<String, UpstreamCluster> clusters = Map.of();

    @BeforeAll
    static void start() {
        group = Transports.newGroup(1, "od-test");
        echo = TestNet.listen(group, () -> new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ctx.writeAndFlush(msg);
            }
        });
        web = new TestBackend("web");
        MeshConnections connections = new MeshConnections(services());
        listener = new ServerBootstrap().group(group).channel(Transports.serverChannel())
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        connections.accept(ch, mesh);
                    }
                })
                .bind("127.0.0.1", 0).syncUninterruptibly().channel();
    }

    @AfterAll
    static void stop() {
        listener.close().syncUninterruptibly();
        echo.close().syncUninterruptibly();
        web.close();
        POOLS.values().forEach(UpstreamConnectionPool::closeAll);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @BeforeEach
    void clear() {
        ACCESS.clear();
    }

    private static MeshServices services() {
        HttpSnapshot snapshot = new HttpSnapshot() {
            @Override
            public HttpListenerRuntime httpListener(String name) {
                return mesh.httpRules().stream().filter(r -> r.config().name().equals(name)).findFirst().orElse(null);
            }

            @Override
            public UpstreamCluster cluster(String name) {
                return clusters.get(name);
            }
        };
        HttpRuntime http = new HttpRuntime() {
            private final Map<EventLoop, RequestTimeouts> timeouts = new ConcurrentHashMap<>();

            @Override
            public HttpSnapshot snapshot() {
                return snapshot;
            }

            @Override
            public UpstreamConnectionPool pool(EventLoop loop) {
                return POOLS.computeIfAbsent(loop, UpstreamConnectionPool::new);
            }

            @Override
            public RequestTimeouts timeouts(EventLoop loop) {
                return timeouts.computeIfAbsent(loop, RequestTimeouts::new);
            }

            @Override
            public KernelMetrics metrics() {
                return METRICS;
            }

            @Override
            public AccessLog accessLog() {
                return new AccessLog(ACCESS::add);
            }

            @Override
            public boolean draining() {
                return false;
            }

            @Override
            public void exchangeStarted() {
            }

            @Override
            public void exchangeFinished() {
            }
        };
        AccessLog accessLog = new AccessLog(ACCESS::add);
        return new MeshServices() {
            @Override
            public Future<Channel> connectToCluster(String cluster, Channel downstream) {
                return downstream.eventLoop().newFailedFuture(new AssertionError("only original-destination clusters here"));
            }

            @Override
            public Future<Channel> connectToAddress(InetSocketAddress address, Channel downstream) {
                return downstream.eventLoop().newFailedFuture(new AssertionError("no passthrough here"));
            }

            @Override
            public UpstreamCluster cluster(String name) {
                return clusters.get(name);
            }

            @Override
            public HttpServerInitializer http() {
                return new HttpServerInitializer(http);
            }

            @Override
            public KernelMetrics metrics() {
                return METRICS;
            }

            @Override
            public AccessLog accessLog() {
                return accessLog;
            }

            @Override
            public InetSocketAddress originalDestination(Channel ch) {
                return original;
            }
        };
    }

    /** Serves the next connections with these rules and clusters, as if sent to {@code to}. */
    private static void use(InetSocketAddress to, List<Cluster> configs, DestinationRule... rules) {
        Map<String, UpstreamCluster> compiled = new HashMap<>();
        configs.forEach(c -> compiled.put(c.name(), UpstreamCluster.compile(c)));
        clusters = Map.copyOf(compiled);
        mesh = MeshListenerRuntime.compile(new MeshListener("outbound", "127.0.0.1", 15001,
                MeshListener.Direction.OUTBOUND, List.of(rules), MeshListener.UnmatchedDestination.REFUSE, null,
                HttpSettings.DEFAULTS), FilterRegistry.standard());
        original = to;
    }

    /** Like {@link #use}, with no rules and unmatched connections passed through {@code via}. */
    private static void passThrough(InetSocketAddress to, List<Cluster> configs, String via) {
        use(to, configs);
        mesh = MeshListenerRuntime.compile(new MeshListener("outbound", "127.0.0.1", 15001,
                MeshListener.Direction.OUTBOUND, List.of(), MeshListener.UnmatchedDestination.PASSTHROUGH, null,
                HttpSettings.DEFAULTS, via), FilterRegistry.standard());
    }

    private static InetSocketAddress local(int port) {
        return new InetSocketAddress("127.0.0.1", port);
    }

    private static int listenerPort() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    private static DestinationRule tcp(int port, String cluster, String... serverNames) {
        return new DestinationRule("tcp-" + port, List.of(), port, AppProtocol.TCP, List.of(), cluster, null,
                serverNames.length == 0 ? null : List.of(serverNames));
    }

    private static DestinationRule http(int port, String cluster) {
        VirtualHost any = new VirtualHost("any", List.of("*"), List.of(Route.to("all", RouteMatch.ANY, cluster)));
        return new DestinationRule("http-" + port, List.of(), port, AppProtocol.HTTP, List.of(any), null, null);
    }

    private static Cluster gateway(String name, TinyTunnelGateway gw) {
        return Cluster.of(name, List.of(Endpoint.of("127.0.0.1", gw.port())));
    }

    /**
     * Sends {@code bytes} and reads exactly as many back, or what came before the connection ended (an
     * end of stream or, when the proxy closed with our bytes unread, a reset).
     */
    private static byte[] roundTrip(byte[] bytes) throws Exception {
        try (Socket client = new Socket("127.0.0.1", listenerPort())) {
            client.setSoTimeout(10_000);
            client.getOutputStream().write(bytes);
            InputStream in = client.getInputStream();
            try {
                return in.readNBytes(bytes.length);
            } catch (java.net.SocketException reset) {
                return new byte[0];
            }
        }
    }

    @Test
    void aTcpRuleRelaysToTheOriginalDestinationDirectly() throws Exception {
        int port = TestNet.port(echo);
        use(local(port), List.of(Cluster.originalDestination("egress", null, null)), tcp(port, "egress"));

        assertThat(new String(roundTrip("ping".getBytes(StandardCharsets.US_ASCII)), StandardCharsets.US_ASCII))
                .isEqualTo("ping");
    }

    @Test
    void aTcpRuleTunnelsThroughAConnectGatewayNamingTheOriginalAddress() throws Exception {
        int port = TestNet.port(echo);
        try (TinyTunnelGateway gw = new TinyTunnelGateway(TinyTunnelGateway.Mode.CONNECT, false)) {
            use(local(port), List.of(gateway("gw", gw),
                            Cluster.originalDestination("egress", null, new EgressTunnel("gw", TunnelMode.CONNECT))),
                    tcp(port, "egress"));

            assertThat(roundTrip("through".getBytes(StandardCharsets.US_ASCII))).asString(StandardCharsets.US_ASCII)
                    .isEqualTo("through");
            assertThat(gw.asked).containsExactly(
                    "CONNECT 127.0.0.1:" + port + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n");
        }
    }

    @Test
    void anHttpsRuleTunnelsThroughSocks5NamingTheSniAndReplaysTheClientHello() throws Exception {
        int port = TestNet.port(echo);
        try (TinyTunnelGateway gw = new TinyTunnelGateway(TinyTunnelGateway.Mode.SOCKS5, false)) {
            use(local(port), List.of(gateway("gw", gw),
                            Cluster.originalDestination("egress", null, new EgressTunnel("gw", TunnelMode.SOCKS5))),
                    tcp(port, "egress", "httpbin.org"));
            byte[] hello = MeshConnectionsTest.clientHello("httpbin.org");

            assertThat(roundTrip(hello)).as("the echo returns the ClientHello as the client sent it").isEqualTo(hello);
            assertThat(gw.asked).containsExactly("v5 methods=[0] v5 cmd=1 atyp=3 httpbin.org:" + port);
        }
    }

    @Test
    void unmatchedConnectionsPassThroughTheGatewayOfTheUnmatchedCluster() throws Exception {
        int port = TestNet.port(echo);
        try (TinyTunnelGateway gw = new TinyTunnelGateway(TinyTunnelGateway.Mode.CONNECT, false)) {
            passThrough(local(port), List.of(gateway("gw", gw),
                    Cluster.originalDestination("egress|passthrough", null, new EgressTunnel("gw", TunnelMode.CONNECT))),
                    "egress|passthrough");

            assertThat(roundTrip("anywhere".getBytes(StandardCharsets.US_ASCII))).asString(StandardCharsets.US_ASCII)
                    .isEqualTo("anywhere");
            assertThat(gw.asked).containsExactly(
                    "CONNECT 127.0.0.1:" + port + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n");
        }
    }

    @Test
    void aRefusedTunnelClosesTheTcpConnectionAndLogsWhy() throws Exception {
        int port = TestNet.port(echo);
        try (TinyTunnelGateway gw = new TinyTunnelGateway(TinyTunnelGateway.Mode.SOCKS5, true)) {
            use(local(port), List.of(gateway("gw", gw),
                            Cluster.originalDestination("egress", null, new EgressTunnel("gw", TunnelMode.SOCKS5))),
                    tcp(port, "egress"));

            assertThat(roundTrip("x".getBytes(StandardCharsets.US_ASCII))).isEmpty();
            assertThat(gw.asked).containsExactly("v5 methods=[0] v5 cmd=1 atyp=1 127.0.0.1:" + port);
            assertThat(ACCESS).singleElement().asString().contains("\"response_flags\":\"UF\"")
                    .contains("reply 2 (connection not allowed by ruleset)");
        }
    }

    @Test
    void anHttpRuleSendsEachRequestToTheOriginalDestinationOnAPooledConnection() throws Exception {
        use(local(web.port()), List.of(Cluster.originalDestination("egress", null, null)), http(web.port(), "egress"));
        int before = web.connectionCount();

        RawHttp.Reply reply = RawHttp.send(listenerPort(), "GET /one HTTP/1.1\r\nHost: httpbin.org\r\n\r\n"
                + "GET /two HTTP/1.1\r\nHost: httpbin.org\r\nConnection: close\r\n\r\n");

        assertThat(reply.text().split("HTTP/1.1 200 OK")).hasSize(3);
        assertThat(web.requests()).extracting(TestBackend.Recorded::uri).contains("/one", "/two");
        assertThat(web.connectionCount() - before).as("both requests on one pooled upstream connection").isEqualTo(1);
    }

    @Test
    void anHttpRuleTunnelsThroughAConnectGatewayNamingTheRequestHost() throws Exception {
        try (TinyTunnelGateway gw = new TinyTunnelGateway(TinyTunnelGateway.Mode.CONNECT, false)) {
            use(local(web.port()), List.of(gateway("gw", gw),
                            Cluster.originalDestination("egress", null, new EgressTunnel("gw", TunnelMode.CONNECT))),
                    http(web.port(), "egress"));

            RawHttp.Reply reply = RawHttp.send(listenerPort(),
                    "GET /tunnelled HTTP/1.1\r\nHost: HttpBin.org:" + web.port() + "\r\nConnection: close\r\n\r\n");

            assertThat(reply.status()).isEqualTo(200);
            assertThat(web.requests()).extracting(TestBackend.Recorded::uri).contains("/tunnelled");
            assertThat(gw.asked).containsExactly("CONNECT httpbin.org:" + web.port() + " HTTP/1.1\r\nHost: httpbin.org:"
                    + web.port() + "\r\n\r\n");
        }
    }

    @Test
    void aRefusedTunnelAnswersHttp502WithTheGatewaysReasonInTheAccessLog() throws Exception {
        try (TinyTunnelGateway gw = new TinyTunnelGateway(TinyTunnelGateway.Mode.CONNECT, true)) {
            use(local(web.port()), List.of(gateway("gw", gw),
                            Cluster.originalDestination("egress", null, new EgressTunnel("gw", TunnelMode.CONNECT))),
                    http(web.port(), "egress"));

            RawHttp.Reply reply = RawHttp.send(listenerPort(),
                    "GET /denied HTTP/1.1\r\nHost: httpbin.org\r\nConnection: close\r\n\r\n");

            assertThat(reply.status()).isEqualTo(502);
            assertThat(web.requests()).extracting(TestBackend.Recorded::uri).doesNotContain("/denied");
            assertThat(ACCESS).anySatisfy(line -> assertThat(line).contains("\"status\":502")
                    .contains("the gateway refused CONNECT httpbin.org:" + web.port() + ": HTTP/1.1 403 Forbidden"));
        }
    }
}
