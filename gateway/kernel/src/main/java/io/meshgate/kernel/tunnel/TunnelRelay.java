package io.meshgate.kernel.tunnel;

import io.meshgate.kernel.tcp.TcpRelayHandler;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import java.time.Duration;
import java.util.List;

/**
 * Turns a caller's connection whose tunnel just opened into a byte relay with its destination: a
 * {@link ByteCounter} on the caller's side, the {@link TcpRelayHandler} pair in place of the protocol
 * handler, and whatever the caller sent after its request (optimistic data) delivered first.
 */
final class TunnelRelay {
    /** A tunnel without a byte either way for this long is closed, like the mesh listeners' TCP relays. */
    static final Duration IDLE_TIMEOUT = Duration.ofHours(1);

    private TunnelRelay() {}

    /**
     * Replaces {@code frontend} (the protocol handler, whose context is {@code ctx}) with the relay. A
     * {@code ByteToMessageDecoder} frontend hands its buffered bytes to the relay as it is replaced
     * ({@code buffered}: how many, to count them); {@code early} are bytes the frontend holds itself.
     *
     * @throws IllegalArgumentException when the two channels are not on one event loop
     */
    static void start(ChannelHandlerContext ctx, ChannelHandler frontend, Channel upstream, TunnelRecord record,
                      int buffered, List<ByteBuf> early, Duration idleTimeout) {
        Channel caller = ctx.channel();
        TcpRelayHandler.Pair pair = TcpRelayHandler.pair(caller, upstream, idleTimeout);
        upstream.pipeline().addLast("tcp-relay", pair.upstreamHandler());
        ctx.pipeline().addBefore(ctx.name(), "tunnel-bytes", new ByteCounter(record));
        if (buffered > 0) {
            record.received(buffered);
        }
        for (ByteBuf buf : early) {
            record.received(buf.readableBytes());
            upstream.write(buf);
        }
        if (!early.isEmpty()) {
            upstream.flush();
        }
        ctx.pipeline().replace(frontend, "tcp-relay", pair.downstreamHandler());
    }
}
