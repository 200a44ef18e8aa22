package io.meshgate.kernel.upstream;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;

/**
 * The connections of one event loop to one endpoint. Confined to that event loop (no locking).
 * Subclasses hold HTTP/1.1 connections (one request at a time each) or multiplexed HTTP/2 ones.
 */
abstract class EndpointPool {
    final EventLoop loop;
    final UpstreamConnector connector;
    final PoolGauges gauges;
    final EndpointState endpoint;
    /** The newest cluster config this endpoint was acquired with: it supplies the idle timeout and the cap. */
    UpstreamCluster cluster;
    /** The egress gateway cluster new connections tunnel through (the newest acquire's); null: directly. */
    UpstreamCluster gateway;

    EndpointPool(EventLoop loop, UpstreamConnector connector, PoolGauges gauges, EndpointState endpoint,
                 UpstreamCluster cluster) {
        this.loop = loop;
        this.connector = connector;
        this.gauges = gauges;
        this.endpoint = endpoint;
        this.cluster = cluster;
    }

    abstract boolean http2();

    /** A connection (HTTP/1.1) or a new stream (HTTP/2) ready for one request. */
    abstract Future<Channel> acquire(UpstreamCluster cluster);

    /** Closes idle connections whose idle timeout passed or whose endpoint was retired. */
    abstract void sweep(long nowNanos);

    /** No connection open or being opened: the pool may forget this endpoint. */
    abstract boolean isEmpty();

    abstract void closeAll();

    final long idleTimeoutNanos() {
        return cluster.timeouts().idle().toNanos();
    }

    final PoolExhaustedException exhausted() {
        return new PoolExhaustedException(cluster.name(), endpoint, cluster.config().maxConnectionsPerEndpoint());
    }
}
