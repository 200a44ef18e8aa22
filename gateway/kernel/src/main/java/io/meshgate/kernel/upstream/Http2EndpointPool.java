package io.meshgate.kernel.upstream;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.util.ArrayList;
import java.util.List;

/**
 * Multiplexed HTTP/2 connections to one endpoint on one event loop. Each acquire opens a stream
 * on a connection with room under the server's {@code MAX_CONCURRENT_STREAMS}; a new connection
 * is opened only when every existing one is full (or draining). Requests that arrive while a
 * connection is being opened wait for it rather than opening connections of their own.
 */
final class Http2EndpointPool extends EndpointPool {
    /**
     * Streams that may wait for a connection still being opened, before its SETTINGS tell the
     * real limit (100 is the smallest limit RFC 9113 recommends servers allow).
     */
    static final int ASSUMED_STREAM_LIMIT = 100;

    private final List<Http2Connection> connections = new ArrayList<>();

    Http2EndpointPool(EventLoop loop, UpstreamConnector connector, PoolGauges gauges, EndpointState endpoint,
                      UpstreamCluster cluster) {
        super(loop, connector, gauges, endpoint, cluster);
    }

    @Override
    boolean http2() {
        return true;
    }

    @Override
    Future<Channel> acquire(UpstreamCluster cluster) {
        this.cluster = cluster;
        Promise<Channel> promise = loop.newPromise();
        dispatch(promise);
        return promise;
    }

    private void dispatch(Promise<Channel> promise) {
        for (Http2Connection conn : connections) {
            if (conn.canOpenStream()) {
                conn.openStream(promise);
                return;
            }
        }
        for (Http2Connection conn : connections) {
            if (!conn.isReady && conn.waiters.size() < ASSUMED_STREAM_LIMIT) {
                conn.waiters.add(promise);
                return;
            }
        }
        if (connections.size() >= cluster.config().maxConnectionsPerEndpoint()) {
            promise.tryFailure(exhausted());
            return;
        }
        ClusterLoad load = cluster.load();
        if (load != null && !load.tryOpenConnection()) {
            promise.tryFailure(new ConnectionLimitException(cluster.name(), load.limits().maxConnections()));
            return;
        }
        Http2Connection conn = new Http2Connection(this);
        conn.countedIn = load;
        connections.add(conn);
        conn.waiters.add(promise);
        Future<Channel> attempt = connector.connect(cluster, endpoint, gateway, conn::install);
        conn.attempt = attempt;
        attempt.addListener(f -> onConnectDone(conn, attempt));
    }

    private void onConnectDone(Http2Connection conn, Future<Channel> ready) {
        List<Promise<Channel>> waiting = List.copyOf(conn.waiters);
        conn.waiters.clear();
        if (!ready.isSuccess()) {
            connections.remove(conn);
            conn.closed = true;
            uncount(conn);
            for (Promise<Channel> waiter : waiting) {
                waiter.tryFailure(ready.cause());
            }
            return;
        }
        Channel ch = ready.getNow();
        conn.channel = ch;
        conn.isReady = true;
        conn.idleSinceNanos = System.nanoTime();
        conn.gauge = gauges.move(PoolGauges.NONE, PoolGauges.IDLE);
        ch.closeFuture().addListener(c -> onClosed(conn));
        for (Promise<Channel> waiter : waiting) {
            if (waiter.isDone()) {
                continue;
            }
            if (conn.canOpenStream()) {
                conn.openStream(waiter);
            } else {
                // the server allows fewer streams than were waiting: send the rest elsewhere
                dispatch(waiter);
            }
        }
    }

    void onStreamCountChanged(Http2Connection conn) {
        if (conn.closed) {
            return;
        }
        if (conn.openStreams == 0) {
            conn.idleSinceNanos = System.nanoTime();
            conn.gauge = gauges.move(conn.gauge, PoolGauges.IDLE);
            if (!conn.usable()) {
                conn.channel.close();
            }
        } else {
            conn.gauge = gauges.move(conn.gauge, PoolGauges.ACTIVE);
        }
    }

    void onGoAway(Http2Connection conn) {
        // streams the server accepted finish; the connection closes when the last one does
        if (conn.isReady && conn.openStreams == 0) {
            conn.channel.close();
        }
    }

    private static void uncount(Http2Connection conn) {
        if (conn.countedIn != null) {
            conn.countedIn.connectionClosed();
            conn.countedIn = null;
        }
    }

    private void onClosed(Http2Connection conn) {
        uncount(conn);
        conn.closed = true;
        connections.remove(conn);
        conn.gauge = gauges.move(conn.gauge, PoolGauges.NONE);
    }

    @Override
    void sweep(long nowNanos) {
        long timeout = idleTimeoutNanos();
        List<Http2Connection> expired = new ArrayList<>();
        for (Http2Connection conn : connections) {
            if (conn.isReady && conn.openStreams == 0
                    && (!conn.usable() || nowNanos - conn.idleSinceNanos >= timeout)) {
                expired.add(conn);
            }
        }
        for (Http2Connection conn : expired) {
            conn.channel.close();
        }
    }

    @Override
    boolean isEmpty() {
        return connections.isEmpty();
    }

    @Override
    void closeAll() {
        for (Http2Connection conn : List.copyOf(connections)) {
            if (conn.isReady) {
                conn.channel.close();
            } else {
                conn.attempt.cancel(false);
            }
        }
    }
}
