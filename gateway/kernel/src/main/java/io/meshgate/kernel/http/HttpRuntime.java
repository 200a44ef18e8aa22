package io.meshgate.kernel.http;

import io.meshgate.kernel.observe.AccessLog;
import io.meshgate.kernel.observe.KernelMetrics;
import io.meshgate.kernel.upstream.UpstreamConnectionPool;
import io.netty.channel.EventLoop;

/**
 * What the HTTP connection handlers need from the running kernel: the current config snapshot, the
 * upstream pool of their event loop, metrics, the access log and the drain state. An interface so
 * handlers can be tested on an {@code EmbeddedChannel} with a hand-made runtime, and so that this
 * package does not depend on {@code runtime}, which builds the pipelines that use it.
 */
public interface HttpRuntime {

    /** The snapshot new requests start on; an exchange keeps the one it started with. */
    HttpSnapshot snapshot();

    /** The upstream connection pool owned by {@code loop}; only used from that loop. */
    UpstreamConnectionPool pool(EventLoop loop);

    /** The request-timeout queue owned by {@code loop}. */
    RequestTimeouts timeouts(EventLoop loop);

    KernelMetrics metrics();

    AccessLog accessLog();

    /** True once shutdown began: finish what is in flight, answer with Connection: close, accept nothing new. */
    boolean draining();

    /** Counts exchanges in flight so a drain knows when it is done. */
    void exchangeStarted();

    void exchangeFinished();
}
