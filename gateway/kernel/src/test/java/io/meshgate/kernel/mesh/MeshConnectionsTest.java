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
}
