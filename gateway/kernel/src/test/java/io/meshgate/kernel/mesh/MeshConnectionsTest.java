package io.meshgate.kernel.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.config.Access;
import io.meshgate.config.AccessGrant;
import io.meshgate.config.DestinationRule;
import io.meshgate.config.DestinationRule.AppProtocol;
import io.meshgate.config.HttpSettings;
import io.meshgate.config.MeshListener;
import io.meshgate.config.MeshListener.Direction;
import io.meshgate.config.MeshListener.UnmatchedDestination;
import io.meshgate.config.PathMatch;
import io.meshgate.config.Route;
import io.meshgate.config.RouteMatch;
import io.meshgate.config.VirtualHost;
import io.meshgate.kernel.filter.FilterRegistry;
import io.meshgate.kernel.http.HttpListenerRuntime;
import io.meshgate.kernel.http.HttpRuntime;
import io.meshgate.kernel.http.HttpServerInitializer;
import io.meshgate.kernel.http.HttpSnapshot;
import io.meshgate.kernel.http.RequestTimeouts;
import io.meshgate.kernel.observe.AccessLog;
import io.meshgate.kernel.observe.KernelMetrics;
import io.meshgate.kernel.testing.TestCerts;
import io.meshgate.kernel.tls.TlsAttributes;
import io.meshgate.kernel.transparent.OriginalDestinationException;
import io.meshgate.kernel.upstream.UpstreamCluster;
import io.meshgate.kernel.upstream.UpstreamConnectionPool;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.pkitesting.X509Bundle;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a mesh listener does with one accepted connection, on an {@code EmbeddedChannel} whose
 * original destination the test chooses: which rule serves it, refusal and passthrough of unmatched
 * connections, connection-level access for TCP rules and per-request access (403) for HTTP rules.
 */
class MeshConnectionsTest {
    private static final InetSocketAddress LISTENER = new InetSocketAddress("127.0.0.1", 15001);
    private static final InetSocketAddress CLIENT = new InetSocketAddress("10.244.1.7", 40000);
    private static final String SERVICE_IP = "10.96.0.10";
    private static final String BUYER = "bookbuyer.bookbuyer.cluster.local";
    private static final String THIEF = "bookthief.bookthief.cluster.local";
    private static final X509Bundle CA = TestCerts.rootCa("mesh test CA");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final KernelMetrics metrics = new KernelMetrics(registry);
    private final List<String> accessLines = new CopyOnWriteArrayList<>();
    private final AccessLog accessLog = new AccessLog(accessLines::add);
    private final List<String> clusterConnects = new CopyOnWriteArrayList<>();
    private final List<InetSocketAddress> addressConnects = new CopyOnWriteArrayList<>();
    private final List<String> originalConnects = new CopyOnWriteArrayList<>();
    private final Map<String, UpstreamCluster> clusters = new java.util.HashMap<>();
    private final MockTicker ticker = Ticker.newMockTicker();
    private EmbeddedChannel channel;

    @AfterEach
    void release() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
    }

    /**
     * An embedded connection with socket addresses, as the mesh code needs them, and a config that
     * keeps SO_LINGER (0 = the close is a reset), which an embedded channel's config ignores.
     */
    private static final class Connection extends EmbeddedChannel {
        private io.netty.channel.DefaultChannelConfig lingerConfig;

        Connection(Ticker ticker, io.netty.channel.ChannelHandler handler) {
            super(EmbeddedChannel.builder().ticker(ticker).handlers(handler));
        }

        @Override
        public io.netty.channel.ChannelConfig config() {
            if (lingerConfig == null) { // called from the super constructor, before field initialisers
                lingerConfig = new io.netty.channel.DefaultChannelConfig(this) {
                    private Integer linger;

                    @Override
                    @SuppressWarnings("unchecked")
                    public <T> T getOption(io.netty.channel.ChannelOption<T> option) {
                        return option == io.netty.channel.ChannelOption.SO_LINGER ? (T) linger : super.getOption(option);
                    }

                    @Override
                    public <T> boolean setOption(io.netty.channel.ChannelOption<T> option, T value) {
                        if (option == io.netty.channel.ChannelOption.SO_LINGER) {
                            linger = (Integer) value;
                            return true;
                        }
                        return super.setOption(option, value);
                    }
                };
            }
            return lingerConfig;
        }

        @Override
        protected SocketAddress localAddress0() {
            return LISTENER;
        }

        @Override
        protected SocketAddress remoteAddress0() {
            return CLIENT;
        }
    }

    private static DestinationRule http(String name, String ip, int port, String cluster, Access access) {
        VirtualHost any = new VirtualHost(name, List.of("*"),
                List.of(Route.to("all", RouteMatch.path(PathMatch.prefix("/")), cluster)));
        return new DestinationRule(name, List.of(ip), port, AppProtocol.HTTP, List.of(any), null, access);
    }

    private static DestinationRule tcp(String name, String ip, int port, String cluster, Access access) {
        return new DestinationRule(name, ip == null ? List.of() : List.of(ip), port, AppProtocol.TCP, List.of(), cluster, access);
    }

    private static MeshListenerRuntime mesh(UnmatchedDestination unmatched, DestinationRule... rules) {
        return MeshListenerRuntime.compile(new MeshListener("outbound", "0.0.0.0", 15001, Direction.OUTBOUND,
                List.of(rules), unmatched, null, HttpSettings.DEFAULTS), FilterRegistry.standard());
    }

    /** An inbound listener (plaintext only here: the TLS side has its own test) named "outbound" for the shared asserts. */
    private static MeshListenerRuntime inboundMesh(DestinationRule... rules) {
        return MeshListenerRuntime.compile(new MeshListener("outbound", "0.0.0.0", 15003, Direction.INBOUND,
                List.of(rules), UnmatchedDestination.REFUSE, null, HttpSettings.DEFAULTS), FilterRegistry.standard());
    }

    /** Accepts one connection originally sent to {@code original} (null: the socket option fails). */
    private EmbeddedChannel accept(MeshListenerRuntime mesh, InetSocketAddress original, Map<String, Object> tlsFacts) {
        MeshServices services = new MeshServices() {
            @Override
            public Future<Channel> connectToCluster(String cluster, Channel downstream) {
                clusterConnects.add(cluster);
                return downstream.eventLoop().newPromise(); // stays pending: the relay itself is tested elsewhere
            }

            @Override
            public Future<Channel> connectToAddress(InetSocketAddress address, Channel downstream) {
                addressConnects.add(address);
                return downstream.eventLoop().newPromise();
            }

            @Override
            public UpstreamCluster cluster(String name) {
                return clusters.get(name);
            }

            @Override
            public Future<Channel> connectToOriginalDestination(UpstreamCluster cluster, InetSocketAddress original,
                                                                String serverName, Channel downstream) {
                originalConnects.add(cluster.name() + " " + original + " " + serverName);
                return downstream.eventLoop().newPromise();
            }

            @Override
            public HttpServerInitializer http() {
                return new HttpServerInitializer(httpRuntime(mesh));
            }

            @Override
            public KernelMetrics metrics() {
                return metrics;
            }

            @Override
            public AccessLog accessLog() {
                return accessLog;
            }

            @Override
            public InetSocketAddress originalDestination(Channel ch) throws OriginalDestinationException {
                if (original == null) {
                    throw new OriginalDestinationException("getsockopt(SO_ORIGINAL_DST) failed: No such file or directory");
                }
                return original;
            }
        };
        MeshConnections connections = new MeshConnections(services);
        channel = new Connection(ticker, new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                if (tlsFacts.containsKey("cert")) {
                    ch.attr(TlsAttributes.CLIENT_CERTIFICATE).set((java.security.cert.X509Certificate) tlsFacts.get("cert"));
                    ch.attr(TlsAttributes.PEER_VERIFIED).set(true);
                }
                connections.accept(ch, mesh);
            }
        });
        return channel;
    }

    /** The HTTP proxy's view of the kernel: the rules' listeners, no clusters (so an admitted request gets 503). */
    private HttpRuntime httpRuntime(MeshListenerRuntime mesh) {
        HttpSnapshot snapshot = new HttpSnapshot() {
            @Override
            public HttpListenerRuntime httpListener(String name) {
                return mesh.httpRules().stream().filter(r -> r.config().name().equals(name)).findFirst().orElse(null);
            }

            @Override
            public UpstreamCluster cluster(String name) {
                return null;
            }
        };
        return new HttpRuntime() {
            @Override
            public HttpSnapshot snapshot() {
                return snapshot;
            }

            @Override
            public UpstreamConnectionPool pool(EventLoop loop) {
                throw new AssertionError("no upstream may be reached in these tests");
            }

            @Override
            public RequestTimeouts timeouts(EventLoop loop) {
                return new RequestTimeouts(loop);
            }

            @Override
            public KernelMetrics metrics() {
                return metrics;
            }

            @Override
            public AccessLog accessLog() {
                return accessLog;
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
    }

    private static InetSocketAddress to(String ip, int port) {
        return new InetSocketAddress(ip, port);
    }

    private String send(String request) {
        channel.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.US_ASCII));
        channel.runPendingTasks();
        StringBuilder out = new StringBuilder();
        ByteBuf buf;
        while ((buf = channel.readOutbound()) != null) {
            out.append(buf.toString(StandardCharsets.US_ASCII));
            buf.release();
        }
        return out.toString();
    }

    private double counter(String name, String... tags) {
        Counter c = registry.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void theFirstRuleThatSelectsTheOriginalDestinationServesIt() {
        MeshListenerRuntime mesh = mesh(UnmatchedDestination.REFUSE,
                tcp("db", SERVICE_IP, 5432, "default/db|5432", null),
                tcp("db-any", null, 5432, "shadowed", null),
                tcp("other-port", SERVICE_IP, 6379, "default/redis|6379", null));
        accept(mesh, to(SERVICE_IP, 5432), Map.of());
        assertThat(clusterConnects).containsExactly("default/db|5432");

        accept(mesh, to("10.96.0.99", 5432), Map.of());
        assertThat(clusterConnects).containsExactly("default/db|5432", "shadowed");

        accept(mesh, to(SERVICE_IP, 6379), Map.of());
        assertThat(clusterConnects).last().isEqualTo("default/redis|6379");
    }

    private static DestinationRule https(String name, List<String> addresses, int port, String cluster, String... names) {
        return new DestinationRule(name, addresses, port, AppProtocol.TCP, List.of(), cluster, null,
                names.length == 0 ? null : List.of(names));
    }

    /** The first flight of a JDK TLS client naming {@code sni}. */
    static byte[] clientHello(String sni) {
        try {
            javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
            context.init(null, null, null);
            javax.net.ssl.SSLEngine engine = context.createSSLEngine(sni, 443);
            engine.setUseClientMode(true);
            java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
            engine.wrap(java.nio.ByteBuffer.allocate(0), out);
            out.flip();
            byte[] bytes = new byte[out.remaining()];
            out.get(bytes);
            return bytes;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@code bytes} as the client and returns what the pipeline kept buffered for the upstream. */
    private void writeClient(byte[] bytes) {
        channel.writeInbound(Unpooled.wrappedBuffer(bytes));
        channel.runPendingTasks();
    }

    private byte[] bufferedForRelay() {
        RelayStarter starter = channel.pipeline().get(RelayStarter.class);
        assertThat(starter).as("a relay waits for its upstream").isNotNull();
        // removed, the decoder hands what it buffered down the pipeline, where the test channel keeps it
        channel.pipeline().remove(starter);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ByteBuf buf;
        while ((buf = channel.readInbound()) != null) {
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            buf.release();
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    @Test
    void cidrAddressesSelectEveryAddressInTheirRangeAndTheFirstRuleWins() {
        MeshListenerRuntime mesh = mesh(UnmatchedDestination.REFUSE,
                tcp("one-host", "203.0.113.7", 443, "single", null),
                new DestinationRule("range", List.of("203.0.113.0/24", "2001:db8::/32"), 443, AppProtocol.TCP,
                        List.of(), "ranged", null),
                tcp("any", null, 443, "fallback", null));
        accept(mesh, to("203.0.113.7", 443), Map.of());
        accept(mesh, to("203.0.113.200", 443), Map.of());
        accept(mesh, to("2001:db8::5", 443), Map.of());
        accept(mesh, to("203.0.114.1", 443), Map.of());
        assertThat(clusterConnects).containsExactly("single", "ranged", "ranged", "fallback");
    }

    @Test
    void aMalformedCidrIsRefusedNamingTheRule() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> mesh(UnmatchedDestination.REFUSE,
                        new DestinationRule("bad", List.of("203.0.113.0/40"), 443, AppProtocol.TCP, List.of(), "c", null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("destination rule bad").hasMessageContaining("address '203.0.113.0/40'");
    }

    @Test
    void serverNamesPickTheRuleByTheClientHellosSniAndKeepTheHelloForTheUpstream() {
        MeshListenerRuntime mesh = mesh(UnmatchedDestination.REFUSE,
                https("httpbin", List.of(), 443, "egress-httpbin", "httpbin.org", "www.httpbin.org"),
                https("example", List.of(), 443, "egress-example", "example.com"));
        accept(mesh, to("93.184.215.14", 443), Map.of());
        assertThat(clusterConnects).as("nothing chosen before the ClientHello").isEmpty();
        byte[] hello = clientHello("Example.COM");
        writeClient(hello);
        assertThat(clusterConnects).containsExactly("egress-example");
        assertThat(bufferedForRelay()).as("the ClientHello reaches the upstream unchanged").isEqualTo(hello);

        accept(mesh, to("93.184.215.14", 443), Map.of());
        writeClient(clientHello("www.httpbin.org"));
        assertThat(clusterConnects).containsExactly("egress-example", "egress-httpbin");
    }

    @Test
    void aHelloWithAnUnlistedSniIsRefusedNamingTheSni() {
        MeshListenerRuntime mesh = mesh(UnmatchedDestination.REFUSE,
                https("httpbin", List.of(), 443, "egress-httpbin", "httpbin.org"));
        accept(mesh, to("93.184.215.14", 443), Map.of());
        writeClient(clientHello("evil.example"));
        assertThat(clusterConnects).isEmpty();
        channel.runPendingTasks();
        assertThat(channel.isOpen()).as("the hello was the first bytes: an orderly end").isFalse();
        assertThat(counter("meshgate.mesh.connections.unserved", "listener", "outbound", "reason", "no_destination_rule"))
                .isEqualTo(1);
        assertThat(accessLines).singleElement().asString()
                .contains("no destination rule for 93.184.215.14:443 with server name evil.example");
    }

    @Test
    void anUnlistedSniFallsToALaterRuleWithoutServerNamesOrToPassthrough() {
        MeshListenerRuntime mesh = mesh(UnmatchedDestination.PASSTHROUGH,
                https("httpbin", List.of(), 443, "egress-httpbin", "httpbin.org"),
                tcp("ips", "203.0.113.9", 443, "egress-ips", null));
        accept(mesh, to("203.0.113.9", 443), Map.of());
        writeClient(clientHello("other.example"));
        assertThat(clusterConnects).containsExactly("egress-ips");

        accept(mesh, to("93.184.215.14", 443), Map.of());
        byte[] hello = clientHello("other.example");
        writeClient(hello);
        assertThat(addressConnects).containsExactly(to("93.184.215.14", 443));
        assertThat(bufferedForRelay()).isEqualTo(hello);
    }

    @Test
    void plaintextFirstBytesCarryNoServerName() {
        MeshListenerRuntime mesh = mesh(UnmatchedDestination.REFUSE,
                https("httpbin", List.of(), 443, "egress-httpbin", "httpbin.org"),
                tcp("plain", null, 443, "plain-443", null));
        accept(mesh, to("93.184.215.14", 443), Map.of());
        writeClient("GET / HTTP/1.1\r\nHost: httpbin.org\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(clusterConnects).containsExactly("plain-443");
    }

    @Test
    void aSilentClientIsDecidedWithoutAServerNameAfterTheWait() {
        MeshListenerRuntime mesh = mesh(UnmatchedDestination.REFUSE,
                https("httpbin", List.of(), 443, "egress-httpbin", "httpbin.org"),
                new DestinationRule("greeter", List.of(), 443, AppProtocol.TCP_SERVER_FIRST, List.of(), "greeter", null));
        accept(mesh, to("93.184.215.14", 443), Map.of());
        ticker.advance(MeshConnections.FIRST_BYTE_TIMEOUT.toMillis() - 1, TimeUnit.MILLISECONDS);
        channel.runPendingTasks();
        assertThat(clusterConnects).isEmpty();
        ticker.advance(1, TimeUnit.MILLISECONDS);
        channel.runPendingTasks();
        assertThat(clusterConnects).containsExactly("greeter");
    }

    @Test
    void aTcpRuleOfAnOriginalDestinationClusterRelaysToTheOriginalDestinationWithTheSni() {
        clusters.put("egress", UpstreamCluster.compile(io.meshgate.config.Cluster.originalDestination("egress", null, null)));
        MeshListenerRuntime mesh = mesh(UnmatchedDestination.REFUSE,
                https("httpbin", List.of(), 443, "egress", "httpbin.org"),
                tcp("tcp", null, 3306, "egress", null));
        accept(mesh, to("93.184.215.14", 443), Map.of());
        writeClient(clientHello("httpbin.org"));
        accept(mesh, to("203.0.113.3", 3306), Map.of());
        assertThat(originalConnects).containsExactly("egress /93.184.215.14:443 httpbin.org",
                "egress /203.0.113.3:3306 null");
        assertThat(clusterConnects).isEmpty();
    }

    @Test
    void ipv6RuleAddressesCompareAsAddressesNotText() {
        MeshListenerRuntime mesh = mesh(UnmatchedDestination.REFUSE,
                tcp("v6", "fd00:0:0:0:0:0:0:a", 80, "v6-cluster", null));
        accept(mesh, to("fd00::a", 80), Map.of());
        assertThat(clusterConnects).containsExactly("v6-cluster");
    }

    @Test
    void anHttpRuleRunsTheHttpProxyUnderItsOwnListenerName() {
        MeshListenerRuntime mesh = mesh(UnmatchedDestination.REFUSE, http("books", SERVICE_IP, 14001, "books|14001", null));
        accept(mesh, to(SERVICE_IP, 14001), Map.of());
        assertThat(channel.pipeline().get("h2c-detect")).as("cleartext HTTP set-up").isNotNull();
        // admitted: routed, and the fake kernel has no cluster, so the proxy answers 503 itself
        assertThat(send("GET /books HTTP/1.1\r\nHost: books:14001\r\n\r\n")).startsWith("HTTP/1.1 503");
        assertThat(counter("meshgate.requests", "listener", "outbound/books", "status", "503")).isEqualTo(1);
        assertThat(clusterConnects).isEmpty();
    }

    @Test
    void unmatchedRefusedConnectionsGetNoAnswer() {
        MeshListenerRuntime mesh = mesh(UnmatchedDestination.REFUSE, tcp("db", SERVICE_IP, 5432, "db", null));
        accept(mesh, to("93.184.215.14", 443), Map.of());
        assertThat(channel.isOpen()).as("waits for the client's first bytes").isTrue();
        assertThat(send("GET / HTTP/1.1\r\nHost: example.com\r\n\r\n")).isEmpty();
        assertThat(channel.isOpen()).isFalse();
        assertThat(clusterConnects).isEmpty();
        assertThat(addressConnects).isEmpty();
        assertThat(counter("meshgate.mesh.connections.unserved", "listener", "outbound", "reason", "no_destination_rule"))
                .isEqualTo(1);
        assertThat(accessLines).singleElement().asString()
                .contains("\"response_flags\":\"NR\"").contains("no destination rule for 93.184.215.14:443");
    }

    @Test
    void aSilentRefusedClientIsClosedAfterTheDeadline() {
        MeshListenerRuntime mesh = mesh(UnmatchedDestination.REFUSE);
        accept(mesh, to("93.184.215.14", 443), Map.of());
        ticker.advance(RefusingHandler.FIRST_BYTES_WAIT.minusMillis(1).toNanos(), TimeUnit.NANOSECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).isTrue();
        ticker.advance(2, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void unmatchedPassthroughConnectionsGoToTheirOriginalDestination() {
        MeshListenerRuntime mesh = mesh(UnmatchedDestination.PASSTHROUGH, tcp("db", SERVICE_IP, 5432, "db", null));
        accept(mesh, to("93.184.215.14", 443), Map.of());
        assertThat(addressConnects).containsExactly(to("93.184.215.14", 443));
        assertThat(clusterConnects).isEmpty();
        assertThat(channel.config().isAutoRead()).as("nothing is read before the upstream is connected").isFalse();
    }

    @Test
    void aConnectionToTheListenerItselfIsRefusedEvenWithPassthrough() {
        MeshListenerRuntime mesh = mesh(UnmatchedDestination.PASSTHROUGH, tcp("any", null, 15001, "loop", null));
        accept(mesh, LISTENER, Map.of());
        assertThat(addressConnects).isEmpty();
        assertThat(clusterConnects).isEmpty();
        assertThat(counter("meshgate.mesh.connections.unserved", "listener", "outbound", "reason", "not_redirected"))
                .isEqualTo(1);
        assertThat(send("x")).isEmpty();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void withoutAnOriginalDestinationTheConnectionIsRefused() {
        MeshListenerRuntime mesh = mesh(UnmatchedDestination.PASSTHROUGH, tcp("any", null, 80, "c", null));
        accept(mesh, null, Map.of());
        assertThat(addressConnects).isEmpty();
        assertThat(clusterConnects).isEmpty();
        assertThat(counter("meshgate.mesh.connections.unserved", "listener", "outbound", "reason",
                "no_original_destination")).isEqualTo(1);
    }

    @Test
    void aTcpRuleRefusesAMeshPeerNoGrantAdmitsWithAnEmptyReply() {
        Access buyersOnly = new Access(List.of(new AccessGrant("buyers", Set.of(BUYER), List.of(), List.of())));
        MeshListenerRuntime mesh = mesh(UnmatchedDestination.REFUSE, tcp("db", SERVICE_IP, 5432, "db", buyersOnly));
        accept(mesh, to(SERVICE_IP, 5432), Map.of("cert", TestCerts.workload(CA, THIEF).getCertificate()));
        // refused as an unserved destination is: the client's first bytes are read and dropped, then
        // an orderly close (curl: "Empty reply from server"), never a connection to the cluster
        assertThat(send("GET / HTTP/1.1\r\n\r\n")).isEmpty();
        assertThat(channel.config().getOption(io.netty.channel.ChannelOption.SO_LINGER)).as("no reset").isNull();
        ticker.advance(RefusingHandler.LINGER.plusMillis(1).toNanos(), TimeUnit.NANOSECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).isFalse();
        assertThat(clusterConnects).isEmpty();
        assertThat(counter("meshgate.mesh.access.denied", "listener", "outbound", "rule", "db",
                "reason", "principal_not_granted")).isEqualTo(1);
        assertThat(accessLines).singleElement().asString()
                .contains("\"route\":\"db\"").contains("\"response_flags\":\"RBAC\"")
                .contains("\"details\":\"principal not granted\"");

        accept(mesh, to(SERVICE_IP, 5432), Map.of("cert", TestCerts.workload(CA, BUYER).getCertificate()));
        assertThat(channel.isOpen()).isTrue();
        assertThat(clusterConnects).containsExactly("db");
    }

    @Test
    void anOutboundApplicationDeniedATcpRuleGetsAnEmptyReplyNotAReset() {
        // the peer of an outbound listener is the workload's own application: never a stranger
        MeshListenerRuntime mesh = mesh(UnmatchedDestination.REFUSE, tcp("db", SERVICE_IP, 5432, "denied", Access.NOBODY));
        accept(mesh, to(SERVICE_IP, 5432), Map.of());
        assertThat(send("GET / HTTP/1.1\r\n\r\n")).isEmpty();
        assertThat(channel.config().getOption(io.netty.channel.ChannelOption.SO_LINGER)).as("no reset").isNull();
        assertThat(clusterConnects).isEmpty();
    }

    @Test
    void aStrangerIsResetAfterItsFirstBytesOnTcpAndHttpRules() {
        Access buyersOnly = new Access(List.of(new AccessGrant("buyers", Set.of(BUYER), List.of(), List.of())));
        MeshListenerRuntime mesh = inboundMesh(
                tcp("db", SERVICE_IP, 5432, "db", buyersOnly), http("books", SERVICE_IP, 14001, "books", buyersOnly));
        for (int port : new int[] {5432, 14001}) {
            accept(mesh, to(SERVICE_IP, port), Map.of());
            assertThat(channel.isOpen()).as("nothing happens before the first bytes").isTrue();
            // FSM's answer to a source outside its allowed endpoints: the request meets a reset (curl exit 56)
            assertThat(send("GET /books/1 HTTP/1.1\r\nHost: books\r\n\r\n")).isEmpty();
            assertThat(channel.config().getOption(io.netty.channel.ChannelOption.SO_LINGER)).isZero();
            assertThat(channel.isOpen()).isFalse();
        }
        assertThat(clusterConnects).isEmpty();
        assertThat(counter("meshgate.mesh.access.denied", "listener", "outbound", "rule", "db",
                "reason", "peer_not_authenticated")).isEqualTo(1);
        assertThat(counter("meshgate.mesh.access.denied", "listener", "outbound", "rule", "books",
                "reason", "peer_not_authenticated")).isEqualTo(1);
        assertThat(accessLines).hasSize(2).allSatisfy(line -> assertThat(line)
                .contains("\"response_flags\":\"RBAC\"").contains("\"details\":\"peer not authenticated\""));
    }

    @Test
    void aStrangerThatSendsNothingIsResetAfterTheWait() {
        Access buyersOnly = new Access(List.of(new AccessGrant("buyers", Set.of(BUYER), List.of(), List.of())));
        accept(inboundMesh(tcp("db", SERVICE_IP, 5432, "db", buyersOnly)), to(SERVICE_IP, 5432), Map.of());
        ticker.advance(RefusingHandler.FIRST_BYTES_WAIT.plusMillis(1).toNanos(), TimeUnit.NANOSECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).isFalse();
        assertThat(channel.config().getOption(io.netty.channel.ChannelOption.SO_LINGER)).isZero();
    }

    @Test
    void aServerFirstRuleRefusesAtOnceWithoutWaitingForTheClientsFirstBytes() {
        // its client waits for a greeting: waiting for its bytes would only delay the refusal
        DestinationRule greeter = new DestinationRule("smtp", List.of(SERVICE_IP), 25, AppProtocol.TCP_SERVER_FIRST,
                List.of(), "denied", Access.NOBODY);
        accept(mesh(UnmatchedDestination.REFUSE, greeter), to(SERVICE_IP, 25), Map.of());
        assertThat(channel.isOpen()).as("ended without a byte from the client and without the wait").isFalse();
        assertThat(channel.config().getOption(io.netty.channel.ChannelOption.SO_LINGER)).as("no reset").isNull();
        assertThat(clusterConnects).isEmpty();

        // a client-first rule still waits for the first bytes (an empty reply, not a reset of the request)
        accept(mesh(UnmatchedDestination.REFUSE, tcp("db", SERVICE_IP, 5432, "denied", Access.NOBODY)),
                to(SERVICE_IP, 5432), Map.of());
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void aStrangerOfAServerFirstRuleIsResetAtOnce() {
        Access buyersOnly = new Access(List.of(new AccessGrant("buyers", Set.of(BUYER), List.of(), List.of())));
        DestinationRule greeter = new DestinationRule("smtp", List.of(SERVICE_IP), 25, AppProtocol.TCP_SERVER_FIRST,
                List.of(), "smtp", buyersOnly);
        accept(inboundMesh(greeter), to(SERVICE_IP, 25), Map.of());
        assertThat(channel.isOpen()).isFalse();
        assertThat(channel.config().getOption(io.netty.channel.ChannelOption.SO_LINGER)).isZero();
        assertThat(clusterConnects).isEmpty();
    }

    @Test
    void aGrantRequiringACertificateWantsBothTheRangeAndTheCertificate() {
        Access mtlsFromPods = new Access(List.of(new AccessGrant("acl", Set.of(BUYER), List.of("10.244.1.0/24"),
                List.of(), Boolean.TRUE)));
        MeshListenerRuntime mesh = inboundMesh(tcp("db", SERVICE_IP, 5432, "db", mtlsFromPods));
        accept(mesh, to(SERVICE_IP, 5432), Map.of());
        assertThat(send("x")).isEmpty();
        assertThat(channel.isOpen()).as("plaintext from the range is a stranger").isFalse();
        accept(mesh, to(SERVICE_IP, 5432), Map.of("cert", TestCerts.workload(CA, BUYER).getCertificate()));
        assertThat(clusterConnects).containsExactly("db");
    }

    @Test
    void aTcpRuleAdmitsPlaintextPeersFromAGrantedRange() {
        Access fromPods = new Access(List.of(new AccessGrant("pods", Set.of(), List.of("10.244.0.0/16"), List.of())));
        accept(mesh(UnmatchedDestination.REFUSE, tcp("db", SERVICE_IP, 5432, "db", fromPods)), to(SERVICE_IP, 5432), Map.of());
        assertThat(clusterConnects).containsExactly("db");
    }

    @Test
    void anHttpRuleAnswers403ToRequestsNoGrantAdmits() {
        Access getBooks = new Access(List.of(new AccessGrant("buyer-get", Set.of(BUYER), List.of(),
                List.of(new RouteMatch(PathMatch.prefix("/books"), Set.of("GET"), List.of())))));
        MeshListenerRuntime mesh = mesh(UnmatchedDestination.REFUSE, http("books", SERVICE_IP, 14001, "books", getBooks));

        accept(mesh, to(SERVICE_IP, 14001), Map.of("cert", TestCerts.workload(CA, BUYER).getCertificate()));
        assertThat(send("GET /books/1 HTTP/1.1\r\nHost: books\r\n\r\n")).startsWith("HTTP/1.1 503");
        assertThat(send("DELETE /books/1 HTTP/1.1\r\nHost: books\r\n\r\n")).startsWith("HTTP/1.1 403");
        assertThat(channel.isOpen()).as("a 403 keeps the connection").isTrue();
        assertThat(counter("meshgate.mesh.access.denied", "listener", "outbound", "rule", "books",
                "reason", "request_not_matched")).isEqualTo(1);
        assertThat(accessLines).last().asString().contains("\"status\":403")
                .contains("\"response_flags\":\"RBAC\"").contains("\"details\":\"request not matched\"");

        accept(mesh, to(SERVICE_IP, 14001), Map.of("cert", TestCerts.workload(CA, THIEF).getCertificate()));
        assertThat(send("GET /books/1 HTTP/1.1\r\nHost: books\r\n\r\n")).startsWith("HTTP/1.1 403");
        assertThat(counter("meshgate.mesh.access.denied", "listener", "outbound", "rule", "books",
                "reason", "principal_not_granted")).isEqualTo(1);
    }

    // ---- local rate limits (FSM's rateLimit.local): the connection limit at accept, the HTTP filter per request

    private final java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong();
    private final io.meshgate.kernel.ratelimit.LocalRateLimits limits =
            new io.meshgate.kernel.ratelimit.LocalRateLimits(registry, nanos::get);

    private MeshListenerRuntime limitedInbound(DestinationRule... rules) {
        return MeshListenerRuntime.compile(new MeshListener("inbound", "0.0.0.0", 15003, Direction.INBOUND,
                List.of(rules), UnmatchedDestination.REFUSE, null, HttpSettings.DEFAULTS), FilterRegistry.standard(limits));
    }

    private double limited(String kind, String name) {
        return counter(io.meshgate.kernel.ratelimit.LocalRateLimits.LIMITED, "kind", kind, "name", name);
    }

    @Test
    void aConnectionOverTheRulesConnectionRateIsResetAtOnceAndCounted() {
        String prefix = "inbound_demo/fortio_8078_tcp";
        DestinationRule rule = tcp("inbound|8078", null, 8078, "inbound|8078", null).withConnectionRateLimit(
                new io.meshgate.config.ConnectionRateLimit(prefix,
                        new io.meshgate.config.TokenBucketSettings(1, java.time.Duration.ofMinutes(1), 0)));
        MeshListenerRuntime mesh = limitedInbound(rule);
        assertThat(limited("tcp", prefix)).as("registered at 0 when the limit applies").isZero();
        assertThat(registry.find(io.meshgate.kernel.ratelimit.LocalRateLimits.LIMITED).counter()).isNotNull();

        accept(mesh, to("10.244.1.19", 8078), Map.of());
        assertThat(clusterConnects).containsExactly("inbound|8078");

        accept(mesh, to("10.244.1.19", 8078), Map.of());
        channel.runPendingTasks();
        assertThat(channel.isOpen()).as("closed before reading anything").isFalse();
        assertThat(channel.config().getOption(io.netty.channel.ChannelOption.SO_LINGER)).as("a reset").isZero();
        assertThat(clusterConnects).as("never relayed").containsExactly("inbound|8078");
        assertThat(limited("tcp", prefix)).isEqualTo(1);
        assertThat(accessLines).last().asString().contains("RL");

        nanos.addAndGet(java.time.Duration.ofSeconds(59).toNanos());
        accept(mesh, to("10.244.1.19", 8078), Map.of());
        assertThat(limited("tcp", prefix)).as("no token before the minute is over").isEqualTo(2);
        nanos.addAndGet(java.time.Duration.ofSeconds(1).toNanos());
        accept(mesh, to("10.244.1.19", 8078), Map.of());
        assertThat(clusterConnects).as("one token a minute").containsExactly("inbound|8078", "inbound|8078");
    }

    @Test
    void aRequestOverTheRateIsAnsweredLocallyWithTheConfiguredStatusAndHeaders() {
        io.meshgate.config.LocalRateLimit limit = new io.meshgate.config.LocalRateLimit("inbound_demo/fortio_8080_http",
                io.meshgate.config.LocalRateLimit.Scope.VIRTUAL_HOST,
                new io.meshgate.config.TokenBucketSettings(2, java.time.Duration.ofMinutes(1), 0), 0,
                Map.of("x-rate-limited", "true"));
        VirtualHost any = new VirtualHost("inbound|8080", List.of("*"), List.of(
                Route.to("one", RouteMatch.path(PathMatch.prefix("/one")), "inbound|8080").withFilters(List.of(limit)),
                Route.to("all", RouteMatch.ANY, "inbound|8080").withFilters(List.of(limit))));
        MeshListenerRuntime mesh = limitedInbound(new DestinationRule("inbound|8080", List.of(), 8080, AppProtocol.HTTP,
                List.of(any), null, null));
        assertThat(limited("http", "inbound_demo/fortio_8080_http")).isZero();

        accept(mesh, to("10.244.1.19", 8080), Map.of());
        // no cluster in these tests: a request the limit lets through gets 503 "no healthy upstream"
        assertThat(send("GET /one HTTP/1.1\r\nHost: fortio\r\n\r\n")).startsWith("HTTP/1.1 503");
        assertThat(send("GET /two HTTP/1.1\r\nHost: fortio\r\n\r\n")).as("the routes share the bucket")
                .startsWith("HTTP/1.1 503");
        String refused = send("GET /one HTTP/1.1\r\nHost: fortio\r\n\r\n");
        assertThat(refused).startsWith("HTTP/1.1 429").containsIgnoringCase("x-rate-limited: true")
                .endsWith("\r\n\r\nlocal_rate_limited");
        assertThat(send("GET /two HTTP/1.1\r\nHost: fortio\r\n\r\n")).startsWith("HTTP/1.1 429");
        assertThat(channel.isOpen()).as("a limited request keeps the connection").isTrue();
        assertThat(limited("http", "inbound_demo/fortio_8080_http")).isEqualTo(2);

        nanos.addAndGet(java.time.Duration.ofMinutes(1).toNanos());
        assertThat(send("GET /two HTTP/1.1\r\nHost: fortio\r\n\r\n")).startsWith("HTTP/1.1 503");
    }
}
