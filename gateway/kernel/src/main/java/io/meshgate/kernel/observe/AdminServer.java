package io.meshgate.kernel.observe;

import io.meshgate.kernel.transport.Transports;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The operators' HTTP/1.1 listener of a proxy, on its own port and its own single-threaded event
 * loop so that scrapes and dumps never compete with traffic (the kernel shares that loop with its
 * metrics-only {@link MetricsListener}, see {@link #start(EventLoopGroup)}):
 * <ul>
 *   <li>{@code GET /ready}: 200 {@code LIVE} when {@link AdminSources#ready()}, else 503</li>
 *   <li>{@code GET /stats[?filter=substring]}: Envoy-like text lines</li>
 *   <li>{@code GET /config_dump}: the current config as JSON, private keys redacted</li>
 *   <li>{@code GET /metrics} (also {@code /stats/prometheus}, FSM's scrape path): Prometheus text format</li>
 * </ul>
 * Only GET is served (others get 405), no request body is accepted, request heads are limited to a
 * 4 KiB line and 8 KiB of headers, and idle connections close after 60 s. Beyond loopback it serves
 * the read-only endpoints only, and, with {@link AdminAccess#remoteReadsWithBearer}, only to a peer
 * presenting the secret; {@code POST /quitquitquit} (when the process offers it) is for loopback
 * peers only. Bind it to loopback (the default) or a private interface. A Host other than an IP
 * literal, {@code localhost} or the bind address gets 421 (DNS rebinding, {@link AdminHostCheck}).
 * Also {@code GET /clusters}, {@code /listeners} (Envoy's line formats) and {@code /certs} (the
 * certificates of the config, never keys).
 */
public final class AdminServer implements AutoCloseable {
    /** Loopback: the admin listener is not for the outside world unless asked for. */
    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";

    private static final Duration IDLE = Duration.ofSeconds(60);

    private final String bindAddress;
    private final int requestedPort;
    private final AdminSources sources;
    private final AdminAccess access;
    private EventLoopGroup group;
    private boolean ownsGroup;
    private Channel serverChannel;
    /** Closed by {@link #close()}: on a shared group nothing else would close them. */
    private ChannelGroup connections;

    /**
     * @param bindAddress IP address to bind (null: {@value #DEFAULT_BIND_ADDRESS})
     * @param port        port to bind; 0 picks a free one (see {@link #port()})
     */
    public AdminServer(String bindAddress, int port, AdminSources sources) {
        this(bindAddress, port, sources, AdminAccess.REMOTE_READS_OPEN);
    }

    /**
     * @param access who may do what beyond loopback (null: {@link AdminAccess#REMOTE_READS_OPEN})
     */
    public AdminServer(String bindAddress, int port, AdminSources sources, AdminAccess access) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("admin port must be 0..65535, got " + port);
        }
        this.bindAddress = bindAddress == null ? DEFAULT_BIND_ADDRESS : bindAddress;
        this.requestedPort = port;
        this.sources = Objects.requireNonNull(sources, "sources");
        this.access = access == null ? AdminAccess.REMOTE_READS_OPEN : access;
    }

    /** Binds on loopback. */
    public AdminServer(int port, AdminSources sources) {
        this(DEFAULT_BIND_ADDRESS, port, sources);
    }

    /**
     * Binds the listener on an event loop of its own (one thread); returns once it accepts
     * connections. Blocks: call it from a main or control thread, never from an event loop.
     *
     * @throws UncheckedIOException when the address cannot be bound (in use, not local...)
     */
    public synchronized void start() {
        if (group != null) {
            throw new IllegalStateException("admin server already started");
        }
        bind(Transports.newGroup(1, "meshgate-admin"), true);
    }

    /**
     * Like {@link #start()}, on {@code shared}, which this server does not shut down: the kernel's
     * operator loop, which its {@link MetricsListener} uses too.
     */
    public synchronized void start(EventLoopGroup shared) {
        if (group != null) {
            throw new IllegalStateException("admin server already started");
        }
        bind(Objects.requireNonNull(shared, "shared"), false);
    }

    private void bind(EventLoopGroup loop, boolean own) {
        group = loop;
        ownsGroup = own;
        ChannelGroup open = new DefaultChannelGroup("meshgate-admin", loop.next());
        connections = open;
        AdminRequestHandler handler = new AdminRequestHandler(sources, bindAddress, access);
        ServerBootstrap bootstrap = OperatorListeners.bootstrap(group, IDLE, handler, open::add);
        try {
            serverChannel = OperatorListeners.bind(bootstrap, "admin listener", bindAddress, requestedPort);
        } catch (UncheckedIOException e) {
            shutdownGroup();
            throw e;
        }
    }

    /** The bound port (the free port chosen when 0 was asked for). */
    public synchronized int port() {
        if (serverChannel == null) {
            throw new IllegalStateException("admin server not started");
        }
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** Stops listening and closes open admin connections; waits a few seconds at most. */
    @Override
    public synchronized void close() {
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
            serverChannel = null;
        }
        if (connections != null) {
            connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
            connections = null;
        }
        shutdownGroup();
    }

    private void shutdownGroup() {
        if (group != null && !ownsGroup) {
            group = null;
        }
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            group = null;
        }
    }
}
