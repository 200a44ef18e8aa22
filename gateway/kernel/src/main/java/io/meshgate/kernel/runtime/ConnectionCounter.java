package io.meshgate.kernel.runtime;

import io.meshgate.kernel.observe.KernelMetrics;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.group.ChannelGroup;

/** Counts a listener's downstream connections and keeps them in a group so a drain can reach them. */
@ChannelHandler.Sharable
final class ConnectionCounter extends ChannelInboundHandlerAdapter {
    private final String listener;
    private final KernelMetrics metrics;
    private final ChannelGroup connections;

    ConnectionCounter(String listener, KernelMetrics metrics, ChannelGroup connections) {
        this.listener = listener;
        this.metrics = metrics;
        this.connections = connections;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        Channel ch = ctx.channel();
        connections.add(ch);
        metrics.connectionOpened(listener);
        ch.closeFuture().addListener(f -> metrics.connectionClosed(listener));
        ctx.fireChannelActive();
    }
}
