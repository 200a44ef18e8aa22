package io.meshgate.kernel.observe;

import io.meshgate.kernel.transport.Transports;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * What the kernel's own HTTP listeners ({@link AdminServer}, {@link MetricsListener}) share: request
 * heads of at most a 4 KiB line and 8 KiB of headers, an idle timeout per connection (the handler,
 * a {@link OperatorHttpHandler}, closes on it), and a bind failure that names the listener and address.
 */
final class OperatorListeners {
    private OperatorListeners() {}

    /** The HTTP/1.1 codec of an operator listener: small, bounded request heads. */
    static HttpServerCodec codec() {
        return new HttpServerCodec(new HttpDecoderConfig().setMaxInitialLineLength(4096).setMaxHeaderSize(8192));
    }

    /**
     * A server bootstrap on {@code group} whose accepted connections go through {@code admit} (false:
     * the connection is to be closed, which {@code admit} does) and then get the idle timeout, the codec
     * and {@code handler} (shared by all connections: it keeps no per-connection state).
     */
    static ServerBootstrap bootstrap(EventLoopGroup group, Duration idle, ChannelHandler handler,
                                     Predicate<Channel> admit) {
        return new ServerBootstrap()
                .group(group)
                .channel(Transports.serverChannel())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (!admit.test(ch)) {
                            return;
                        }
                        ch.pipeline()
                                .addLast(new IdleStateHandler(0, 0, idle.toMillis(), TimeUnit.MILLISECONDS))
                                .addLast(codec())
                                .addLast(handler);
                    }
                });
    }

    /**
     * Binds and waits until bound.
     *
     * @param what the listener's name for the error, e.g. {@code "admin listener"}
     * @throws UncheckedIOException {@code <what> cannot bind <address>:<port>: <reason>}
     */
    static Channel bind(ServerBootstrap bootstrap, String what, String address, int port) {
        try {
            return bootstrap.bind(new InetSocketAddress(address, port)).syncUninterruptibly().channel();
        } catch (Exception e) {
            SocketException cause = new SocketException(what + " cannot bind " + address + ":" + port + ": "
                    + e.getMessage());
            cause.initCause(e);
            throw new UncheckedIOException(cause);
        }
    }
}
