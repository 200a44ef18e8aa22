package io.meshgate.kernel.tcp;

import io.meshgate.kernel.transport.Transports;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.function.Supplier;

/** Loopback plumbing shared by the relay and TLS tests: a Netty listener and upstream connectors. */
public final class TestNet {
    private TestNet() {}

    /** A Netty listener on 127.0.0.1 with a fresh handler per connection; close it to unbind. */
    public static Channel listen(EventLoopGroup group, Supplier<ChannelHandler> handler) {
        return new ServerBootstrap()
                .group(group)
                .channel(Transports.serverChannel())
                .childHandler(new io.netty.channel.ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(handler.get());
                    }
                })
                .bind("127.0.0.1", 0).syncUninterruptibly().channel();
    }

    public static int port(Channel server) {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    public static int port(ServerSocket server) {
        return server.getLocalPort();
    }

    /** Connects to 127.0.0.1:port on the downstream's event loop, auto-read off, as the connector contracts ask. */
    public static Future<Channel> connect(Channel downstream, int port) {
        Promise<Channel> promise = downstream.eventLoop().newPromise();
        ChannelFuture connect = new Bootstrap()
                .group(downstream.eventLoop())
                .channel(Transports.clientChannel())
                .option(ChannelOption.AUTO_READ, false)
                .handler(new ChannelInboundHandlerAdapter())
                .connect("127.0.0.1", port);
        connect.addListener(f -> {
            if (f.isSuccess()) {
                promise.setSuccess(connect.channel());
            } else {
                promise.setFailure(f.cause());
            }
        });
        return promise;
    }

    /** A blocking client socket with a generous read timeout, so a broken test fails instead of hanging. */
    public static Socket client(int port) throws java.io.IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout(30_000);
        return socket;
    }
}
