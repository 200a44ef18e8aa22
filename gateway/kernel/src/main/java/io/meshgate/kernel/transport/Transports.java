package io.meshgate.kernel.transport;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.Locale;

/**
 * The one place that picks the socket transport: io_uring where the Linux kernel allows it, native
 * epoll when that is all that loads, NIO otherwise. io_uring is the default because it cut the
 * proxy's per-request system time enough to move it from about 0.7x to about 0.95x nginx's
 * requests/s at 64 keep-alive connections on this kind of machine (docs/benchmarks.md).
 * {@code -Dmeshgate.transport=epoll} or {@code =nio} forces the others (to compare, or to work around
 * a kernel that refuses io_uring).
 */
public final class Transports {
    private enum Kind { IO_URING, EPOLL, NIO }

    private static final Kind KIND = choose(System.getProperty("meshgate.transport", "io_uring"));

    private Transports() {}

    private static Kind choose(String wanted) {
        String w = wanted.toLowerCase(Locale.ROOT);
        if (w.equals("nio")) {
            return Kind.NIO;
        }
        if (w.equals("io_uring") && IoUring.isAvailable()) {
            return Kind.IO_URING;
        }
        // asked for epoll, or io_uring is not available here
        return Epoll.isAvailable() ? Kind.EPOLL : Kind.NIO;
    }

    public static String name() {
        return KIND.name().toLowerCase(Locale.ROOT);
    }

    public static EventLoopGroup newGroup(int threads, String threadNamePrefix) {
        IoHandlerFactory factory = switch (KIND) {
            case IO_URING -> IoUringIoHandler.newFactory();
            case EPOLL -> EpollIoHandler.newFactory();
            case NIO -> NioIoHandler.newFactory();
        };
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(threadNamePrefix, true), factory);
    }

    public static Class<? extends ServerChannel> serverChannel() {
        return switch (KIND) {
            case IO_URING -> IoUringServerSocketChannel.class;
            case EPOLL -> EpollServerSocketChannel.class;
            case NIO -> NioServerSocketChannel.class;
        };
    }

    public static Class<? extends Channel> clientChannel() {
        return switch (KIND) {
            case IO_URING -> IoUringSocketChannel.class;
            case EPOLL -> EpollSocketChannel.class;
            case NIO -> NioSocketChannel.class;
        };
    }
}
