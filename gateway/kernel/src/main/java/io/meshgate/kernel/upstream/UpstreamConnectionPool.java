package io.meshgate.kernel.upstream;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Upstream connections of one event loop, reused across requests. The proxy keeps one pool per
 * event loop and calls it only from that loop (checked), so nothing here locks.
 *
 * <p>HTTP/1.1 clusters: {@link #acquire} lends a whole connection (an idle keep-alive one, the
 * most recently used first, else a new one); the caller adds its handler named
 * {@value #PROXY_HANDLER_NAME} at the end of the pipeline, writes one request, reads the complete
 * response, and then either {@link #release}s the connection (keep-alive) or {@link #discard}s
 * it. The pipeline is {@code [ssl] http-codec upstream-connection}: the caller reads
 * {@code HttpResponse}/{@code HttpContent} and writes {@code HttpRequest}/{@code HttpContent};
 * bodies pass untouched (no decompression).
 *
 * <p>HTTP/2 clusters: {@link #acquire} returns a new stream channel on a shared connection, with
 * the same HTTP object interface; releasing it closes the stream and keeps the connection.
 *
 * <p>Idle connections are closed when the cluster's idle timeout passes, when the server closes
 * them or sends anything, and when their endpoint is retired by a config change (checked every
 * sweep interval, one second by default).
 */
public final class UpstreamConnectionPool {
    /** Name the proxy must give its response handler, so the pool can strip it if still present. */
    public static final String PROXY_HANDLER_NAME = "proxy-response";
    /** Name of the {@code SslHandler} on TLS connections (e.g. to read the negotiated protocol). */
    public static final String SSL_HANDLER_NAME = UpstreamConnector.SSL_HANDLER;
    static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofSeconds(1);

    private final EventLoop loop;
    private final UpstreamConnector connector;
    private final PoolGauges gauges = new PoolGauges();
    private final Map<EndpointState, EndpointPool> pools = new HashMap<>();
    private final long sweepIntervalNanos;
    private ScheduledFuture<?> sweeper;
    private boolean closed;

    public UpstreamConnectionPool(EventLoop loop) {
        this(loop, DEFAULT_SWEEP_INTERVAL);
    }

    /** @param sweepInterval how often idle connections are checked for expiry and retirement */
    UpstreamConnectionPool(EventLoop loop, Duration sweepInterval) {
        this.loop = Objects.requireNonNull(loop, "loop");
        this.connector = new UpstreamConnector(loop);
        this.sweepIntervalNanos = sweepInterval.toNanos();
    }

    /**
     * A connection (HTTP/1.1) or stream (HTTP/2) to {@code endpoint}, ready for one request.
     * Fails with {@link java.net.ConnectException} (refused, or
     * {@link io.netty.channel.ConnectTimeoutException}), {@link javax.net.ssl.SSLException},
     * {@link java.net.UnknownHostException} or {@link PoolExhaustedException}.
     *
     * @param endpoint one of {@code cluster.endpoints()}, usually {@code cluster.pick(client)}
     */
    public Future<Channel> acquire(UpstreamCluster cluster, EndpointState endpoint) {
        return acquire(cluster, endpoint, null);
    }

    /**
     * Like {@link #acquire(UpstreamCluster, EndpointState)} for a cluster that reaches its destinations
     * through an egress tunnel: new connections go through an endpoint of {@code gateway} (the current
     * config's cluster the tunnel names); pooled ones are reused whichever gateway endpoint carries them.
     * Fails with {@link TunnelRefusedException} when the gateway does not open the tunnel.
     *
     * @param endpoint for an original-destination cluster, {@link UpstreamCluster#originalDestination}
     */
    public Future<Channel> acquire(UpstreamCluster cluster, EndpointState endpoint, UpstreamCluster gateway) {
        requireEventLoop();
        if (closed) {
            return loop.newFailedFuture(new IllegalStateException("upstream connection pool is closed"));
        }
        EndpointPool pool = pools.get(endpoint);
        if (pool == null) {
            pool = cluster.http2()
                    ? new Http2EndpointPool(loop, connector, gauges, endpoint, cluster)
                    : new Http1EndpointPool(loop, connector, gauges, endpoint, cluster);
            pools.put(endpoint, pool);
            startSweeper();
        } else if (pool.http2() != cluster.http2()) {
            // compile() never carries an endpoint state across a protocol change
            return loop.newFailedFuture(new IllegalArgumentException(
                    "endpoint " + endpoint + " is not an endpoint of the current config of cluster '" + cluster.name() + "'"));
        }
        pool.gateway = gateway;
        return pool.acquire(cluster);
    }

    /**
     * The caller read a complete response and the connection may be reused: HTTP/1.1 connections
     * become idle (or are closed if the exchange did not end cleanly, e.g. bytes beyond the
     * response, or the endpoint was retired); HTTP/2 streams are closed.
     */
    public void release(Channel ch) {
        requireEventLoop();
        if (ch instanceof Http2StreamChannel) {
            ch.close();
            return;
        }
        Http1Connection conn = ch.attr(Http1Connection.KEY).get();
        if (conn == null) {
            ch.close();
            return;
        }
        conn.pool.release(conn);
    }

    /** Closes the connection (or HTTP/2 stream) for good; the pool forgets it as it closes. */
    public void discard(Channel ch) {
        ch.close();
    }

    /** Idle connections (HTTP/2: connections without open streams). Safe from any thread. */
    public int idleCount() {
        return gauges.idle();
    }

    /** Connections lent out (HTTP/2: connections with open streams). Safe from any thread. */
    public int activeCount() {
        return gauges.active();
    }

    /** Closes every connection and fails connection attempts; later acquires fail. Callable from any thread. */
    public void closeAll() {
        if (!loop.inEventLoop()) {
            loop.execute(this::closeAll);
            return;
        }
        closed = true;
        stopSweeper();
        for (EndpointPool pool : pools.values().toArray(new EndpointPool[0])) {
            pool.closeAll();
        }
        pools.clear();
    }

    private void startSweeper() {
        if (sweeper == null) {
            sweeper = loop.scheduleWithFixedDelay(this::sweep, sweepIntervalNanos, sweepIntervalNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void stopSweeper() {
        if (sweeper != null) {
            sweeper.cancel(false);
            sweeper = null;
        }
    }

    private void sweep() {
        long now = System.nanoTime();
        for (Iterator<EndpointPool> it = pools.values().iterator(); it.hasNext(); ) {
            EndpointPool pool = it.next();
            pool.sweep(now);
            if (pool.isEmpty()) {
                it.remove();
            }
        }
        if (pools.isEmpty()) {
            stopSweeper();
        }
    }

    private void requireEventLoop() {
        if (!loop.inEventLoop()) {
            throw new IllegalStateException("UpstreamConnectionPool used outside its event loop");
        }
    }
}
