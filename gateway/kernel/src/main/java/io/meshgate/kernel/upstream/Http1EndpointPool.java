package io.meshgate.kernel.upstream;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * HTTP/1.1 connections to one endpoint on one event loop: idle ones are reused last-in first-out
 * (the warmest connection, and the oldest ones age out), new ones are opened up to the cluster's
 * {@code maxConnectionsPerEndpoint}.
 */
final class Http1EndpointPool extends EndpointPool {
    static final String CODEC_HANDLER = "http-codec";
    static final String GUARD_HANDLER = "upstream-connection";

    private final ArrayDeque<Http1Connection> idle = new ArrayDeque<>();
    private final Set<Http1Connection> open = new HashSet<>();
    private final Set<Future<Channel>> connecting = new HashSet<>();

    Http1EndpointPool(EventLoop loop, UpstreamConnector connector, PoolGauges gauges, EndpointState endpoint,
                      UpstreamCluster cluster) {
        super(loop, connector, gauges, endpoint, cluster);
    }

    @Override
    boolean http2() {
        return false;
    }

    @Override
    Future<Channel> acquire(UpstreamCluster cluster) {
        this.cluster = cluster;
        Http1Connection reused;
        while ((reused = idle.pollLast()) != null) {
            if (reused.channel.isActive()) {
                reused.state = Http1Connection.State.BUSY;
                reused.requests++;
                reused.gauge = gauges.move(reused.gauge, PoolGauges.ACTIVE);
                return reused.lent();
            }
            // closing, its close notification has not run yet: that will finish the bookkeeping
            reused.channel.close();
        }
        if (open.size() + connecting.size() >= cluster.config().maxConnectionsPerEndpoint()) {
            return loop.newFailedFuture(exhausted());
        }
        ClusterLoad load = cluster.load();
        if (load != null && !load.tryOpenConnection()) {
            return loop.newFailedFuture(new ConnectionLimitException(cluster.name(), load.limits().maxConnections()));
        }
        return connect(cluster, load);
    }

    private Future<Channel> connect(UpstreamCluster cluster, ClusterLoad load) {
        Http1Connection conn = new Http1Connection(this);
        conn.countedIn = load;
        conn.requests = 1;
        Promise<Channel> result = loop.newPromise();
        Future<Channel> ready = connector.connect(cluster, endpoint, gateway, (ch, readyPromise) -> {
            ch.pipeline().addLast(CODEC_HANDLER, conn.codec).addLast(GUARD_HANDLER, conn);
            readyPromise.trySuccess(ch);
        });
        connecting.add(ready);
        ready.addListener(f -> {
            connecting.remove(ready);
            if (!f.isSuccess()) {
                if (conn.countedIn != null) {
                    conn.countedIn.connectionClosed();
                }
                result.tryFailure(f.cause());
                return;
            }
            Channel ch = ready.getNow();
            conn.channel = ch;
            conn.state = Http1Connection.State.BUSY;
            conn.gauge = gauges.move(PoolGauges.NONE, PoolGauges.ACTIVE);
            open.add(conn);
            ch.attr(Http1Connection.KEY).set(conn);
            ch.closeFuture().addListener(c -> onClosed(conn));
            if (!result.trySuccess(ch)) {
                // the caller gave up meanwhile: keep the fresh connection for the next request
                release(conn);
            }
        });
        return result;
    }

    void release(Http1Connection conn) {
        if (conn.state != Http1Connection.State.BUSY) {
            return;
        }
        Channel ch = conn.channel;
        ChannelPipeline pipeline = ch.pipeline();
        var proxyHandler = pipeline.get(UpstreamConnectionPool.PROXY_HANDLER_NAME);
        if (proxyHandler != null && !(proxyHandler instanceof ReusableProxyHandler)) {
            pipeline.remove(UpstreamConnectionPool.PROXY_HANDLER_NAME);
        }
        if (!ch.isActive() || endpoint.isRetired() || !conn.codec.reusable() || usedUp(conn)) {
            ch.close();
            return;
        }
        conn.state = Http1Connection.State.IDLE;
        conn.gauge = gauges.move(conn.gauge, PoolGauges.IDLE);
        conn.idleSinceNanos = System.nanoTime();
        idle.addLast(conn);
        // idle connections must read, or a server's close or stray bytes would go unnoticed
        ch.config().setAutoRead(true);
    }

    /** The connection carried the cluster's {@code maxRequestsPerConnection} requests: it is closed, not kept. */
    private boolean usedUp(Http1Connection conn) {
        var limits = cluster.config().limits();
        return limits != null && limits.maxRequestsPerConnection() > 0 && conn.requests >= limits.maxRequestsPerConnection();
    }

    private void onClosed(Http1Connection conn) {
        if (!open.remove(conn)) {
            return;
        }
        if (conn.countedIn != null) {
            conn.countedIn.connectionClosed();
            conn.countedIn = null;
        }
        if (conn.state == Http1Connection.State.IDLE) {
            idle.remove(conn);
        }
        conn.state = Http1Connection.State.CLOSED;
        conn.gauge = gauges.move(conn.gauge, PoolGauges.NONE);
    }

    @Override
    void sweep(long nowNanos) {
        long timeout = idleTimeoutNanos();
        boolean retired = endpoint.isRetired();
        List<Http1Connection> expired = new ArrayList<>();
        for (Http1Connection conn : idle) {
            if (retired || nowNanos - conn.idleSinceNanos >= timeout) {
                expired.add(conn);
            }
        }
        // close outside the loop: close notifications edit the idle deque
        for (Http1Connection conn : expired) {
            conn.channel.close();
        }
    }

    @Override
    boolean isEmpty() {
        return open.isEmpty() && connecting.isEmpty();
    }

    @Override
    void closeAll() {
        for (Future<Channel> attempt : List.copyOf(connecting)) {
            attempt.cancel(false);
        }
        for (Http1Connection conn : List.copyOf(open)) {
            conn.channel.close();
        }
    }
}
