package io.meshgate.kernel.tcp;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The state a relayed connection pair shares: the idle deadline, how many directions have finished
 * (half-close), and closing both. Confined to the pair's event loop.
 */
final class RelaySession {
    private final Channel downstream;
    private final Channel upstream;
    private final long idleNanos;
    private long lastActivityNanos;
    private int finishedDirections;
    private ScheduledFuture<?> idleCheck;

    RelaySession(Channel downstream, Channel upstream, Duration idleTimeout) {
        this.downstream = downstream;
        this.upstream = upstream;
        this.idleNanos = idleTimeout.toNanos();
    }

    /** Arms the idle timer and ties the two channels' lifetimes together. Call on the event loop. */
    void start() {
        lastActivityNanos = System.nanoTime();
        idleCheck = downstream.eventLoop().schedule(this::checkIdle, idleNanos, TimeUnit.NANOSECONDS);
        // whichever closes first (remote close, reset, local close), the other follows once the bytes
        // already written to it are flushed
        downstream.closeFuture().addListener(f -> flushAndClose(upstream));
        upstream.closeFuture().addListener(f -> flushAndClose(downstream));
    }

    void touch() {
        lastActivityNanos = System.nanoTime();
    }

    /**
     * The other side of {@code to} read end-of-stream: pass the FIN on to {@code to} after the bytes
     * in flight, so a request-then-response protocol keeps its response direction open.
     */
    void inputShutdown(Channel to) {
        if (!(to instanceof DuplexChannel duplex)) {
            flushAndClose(to);
            return;
        }
        to.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(flushed -> {
            if (!flushed.isSuccess()) {
                closeNow();
                return;
            }
            duplex.shutdownOutput().addListener(shut -> {
                if (shut.isSuccess()) {
                    directionFinished();
                } else {
                    closeNow();
                }
            });
        });
    }

    /** Closes both channels immediately (error, idle). */
    void closeNow() {
        cancelIdleCheck();
        downstream.close();
        upstream.close();
    }

    private void directionFinished() {
        if (++finishedDirections == 2) {
            closeNow();
        }
    }

    private void flushAndClose(Channel channel) {
        if (!downstream.isOpen() && !upstream.isOpen()) {
            cancelIdleCheck();
        }
        if (channel.isOpen()) {
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void checkIdle() {
        if (!downstream.isOpen() && !upstream.isOpen()) {
            return;
        }
        long idle = System.nanoTime() - lastActivityNanos;
        if (idle >= idleNanos) {
            closeNow();
        } else {
            idleCheck = downstream.eventLoop().schedule(this::checkIdle, idleNanos - idle, TimeUnit.NANOSECONDS);
        }
    }

    private void cancelIdleCheck() {
        if (idleCheck != null) {
            idleCheck.cancel(false);
        }
    }
}
