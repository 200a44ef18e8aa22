package io.meshgate.kernel.tls;

import io.meshgate.kernel.transport.Transports;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * The {@link PassthroughConnector} for global passthrough: connects to the host the SNI names, on
 * the configured port. Name resolution is blocking in the JDK, so it runs on a separate executor
 * (virtual threads by default), never on the event loop; the addresses are tried in order until one
 * accepts. It refuses {@link PassthroughTarget.ToCluster} targets: clusters are the cluster
 * connector's job.
 */
public final class DirectHostConnector implements PassthroughConnector {

    /** Resolves a host name to addresses; may block (it runs on the resolver executor). */
    @FunctionalInterface
    public interface Resolver {
        List<InetAddress> resolve(String host) throws UnknownHostException;
    }

    private final Executor resolverExecutor;
    private final Resolver resolver;
    private final int connectTimeoutMillis;

    public DirectHostConnector(Executor resolverExecutor, Resolver resolver, Duration connectTimeout) {
        this.resolverExecutor = Objects.requireNonNull(resolverExecutor, "resolverExecutor");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.connectTimeoutMillis = Math.toIntExact(connectTimeout.toMillis());
    }

    /** The JDK resolver on virtual threads, 5 s connect timeout per address. */
    public static DirectHostConnector create() {
        return create(host -> Arrays.asList(InetAddress.getAllByName(host)));
    }

    /** {@code resolver} (e.g. a hosts table before DNS) on virtual threads, 5 s connect timeout per address. */
    public static DirectHostConnector create(Resolver resolver) {
        return new DirectHostConnector(Executors.newVirtualThreadPerTaskExecutor(), resolver, Duration.ofSeconds(5));
    }

    @Override
    public Future<Channel> connect(PassthroughTarget target, Channel downstream) {
        EventLoop loop = downstream.eventLoop();
        if (!(target instanceof PassthroughTarget.ToHost host)) {
            return loop.newFailedFuture(new IllegalArgumentException("DirectHostConnector only connects to hosts, not " + target));
        }
        Promise<Channel> promise = loop.newPromise();
        try {
            resolverExecutor.execute(() -> {
                try {
                    List<InetAddress> addresses = resolver.resolve(host.sni());
                    if (addresses.isEmpty()) {
                        throw new UnknownHostException(host.sni());
                    }
                    loop.execute(() -> connect(loop, addresses, 0, host.upstreamPort(), promise));
                } catch (Exception e) {
                    promise.tryFailure(e);
                }
            });
        } catch (RuntimeException rejected) {
            promise.tryFailure(rejected);
        }
        return promise;
    }

    private void connect(EventLoop loop, List<InetAddress> addresses, int index, int port, Promise<Channel> promise) {
        if (promise.isDone()) {
            return;
        }
        ChannelFuture connect = new Bootstrap()
                .group(loop)
                .channel(Transports.clientChannel())
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                .handler(new ChannelInboundHandlerAdapter())
                .connect(new InetSocketAddress(addresses.get(index), port));
        connect.addListener(f -> {
            if (f.isSuccess()) {
                if (!promise.trySuccess(connect.channel())) {
                    connect.channel().close();
                }
            } else if (index + 1 < addresses.size()) {
                connect(loop, addresses, index + 1, port, promise);
            } else {
                promise.tryFailure(f.cause());
            }
        });
    }
}
