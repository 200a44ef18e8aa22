package io.meshgate.kernel.runtime;

import io.meshgate.kernel.observe.KernelMetrics;
import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admits a listener's downstream connections up to its cap, counts them, and keeps them in a group so a
 * drain can reach them. A connection over the cap is closed before any handler is installed: it costs
 * a file descriptor for an instant and nothing else.
 */
final class ConnectionCounter {
    private final String listener;
    private final KernelMetrics metrics;
    private final ChannelGroup connections;
    /** Shared by the listener's event loops. */
    private final AtomicInteger open = new AtomicInteger();

    ConnectionCounter(String listener, KernelMetrics metrics, ChannelGroup connections) {
        this.listener = listener;
        this.metrics = metrics;
        this.connections = connections;
    }

    /** Counts {@code ch} in, or closes it and returns false when {@code limit} connections are open. */
    boolean admit(Channel ch, int limit) {
        if (open.incrementAndGet() > limit) {
            open.decrementAndGet();
            metrics.connectionRefused(listener);
            ch.close();
            return false;
        }
        connections.add(ch);
        metrics.connectionOpened(listener);
        ch.closeFuture().addListener(f -> {
            open.decrementAndGet();
            metrics.connectionClosed(listener);
        });
        return true;
    }
}
