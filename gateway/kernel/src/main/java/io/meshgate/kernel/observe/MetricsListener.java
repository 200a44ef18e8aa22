package io.meshgate.kernel.observe;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A metrics-only HTTP/1.1 listener: {@code GET}/{@code HEAD /stats/prometheus} and nothing else
 * ({@link MetricsRequestHandler}), for scrapers that must not reach the admin listener, e.g. FSM's
 * stats port 15010, open to the pod's network. Never the config, its keys or an admin endpoint.
 *
 * <p>It runs on an event loop group it is given and does not own: the kernel passes its admin
 * listener's, so the listener costs no thread and scrapes never compete with traffic. Hence
 * {@link #close()} closes its own connections too (shutting the group down is the owner's job).
 * Request heads are limited to a 4 KiB line and 8 KiB of headers, connections idle for 60 s are
 * closed, and at most 32 are open at once (a scraper needs one; the rest are closed as they arrive,
 * so a peer cannot pile connections up on the admin loop).
 */
public final class MetricsListener implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(MetricsListener.class.getName());

    /** The only path served. */
    public static final String PATH = MetricsRequestHandler.PATH;

    static final Duration IDLE = Duration.ofSeconds(60);
    static final int MAX_CONNECTIONS = 32;

    private final Channel serverChannel;
    private final int port;
    private final ChannelGroup connections;
    private final AtomicBoolean closed = new AtomicBoolean();

    private MetricsListener(Channel serverChannel, ChannelGroup connections) {
        this.serverChannel = serverChannel;
        this.port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
        this.connections = connections;
    }

    /**
     * Binds {@code address:port} (0: a free port, see {@link #port()}) on {@code group} and serves
     * {@code scrape}'s text. Blocks until bound: call it from a main or control thread.
     *
     * @param group  an operator event loop (never the traffic loops: a scrape renders every meter)
     * @param scrape the Prometheus text; called on the event loop, so it must not block
     * @throws UncheckedIOException naming the address when it cannot be bound
     */
    public static MetricsListener start(EventLoopGroup group, String address, int port, Supplier<String> scrape) {
        return start(group, address, port, scrape, IDLE, MAX_CONNECTIONS);
    }

    static MetricsListener start(EventLoopGroup group, String address, int port, Supplier<String> scrape,
                                 Duration idle, int maxConnections) {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(address, "address");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("metrics port must be 0..65535, got " + port);
        }
        MetricsRequestHandler handler = new MetricsRequestHandler(scrape);
        // its executor only completes close futures; the group's own loop, so no global executor thread
        ChannelGroup connections = new DefaultChannelGroup("meshgate-metrics", group.next());
        AtomicBoolean warned = new AtomicBoolean();
        ServerBootstrap bootstrap = OperatorListeners.bootstrap(group, idle, handler, ch -> {
            if (connections.size() >= maxConnections) {
                if (warned.compareAndSet(false, true)) {
                    LOG.log(Level.WARNING, "metrics listener on " + ch.localAddress() + " refuses "
                            + ch.remoteAddress() + ": " + maxConnections
                            + " connections open already (further refusals are not logged)");
                }
                ch.close();
                return false;
            }
            connections.add(ch);
            return true;
        });
        return new MetricsListener(OperatorListeners.bind(bootstrap, "metrics listener", address, port), connections);
    }

    /** The bound port (the free port chosen when 0 was asked for). */
    public int port() {
        return port;
    }

    /** Stops listening and closes the open connections; waits a few seconds at most. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        serverChannel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
