package io.meshgate.kernel.tunnel;

import io.meshgate.kernel.transport.Transports;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Reaches a tunnel's destination within one deadline: resolves a name off the event loop (the JDK
 * resolver blocks), then connects to the addresses in turn on the caller's event loop, auto-read off,
 * until one answers. The deadline is absolute ({@link System#nanoTime()}), so a slow lookup leaves less
 * time to connect; a lookup still running at the deadline fails the tunnel and its answer is dropped.
 */
final class TunnelConnector {

    private final Executor resolverExecutor;
    private final TunnelResolver resolver;

    TunnelConnector(Executor resolverExecutor, TunnelResolver resolver) {
        this.resolverExecutor = Objects.requireNonNull(resolverExecutor, "resolverExecutor");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    /** The addresses of {@code host} on {@code loop}; fails with {@link TunnelConnectException} (UNRESOLVED, TIMEOUT). */
    Future<List<InetAddress>> resolve(EventLoop loop, String host, long deadlineNanos) {
        Promise<List<InetAddress>> result = loop.newPromise();
        long remaining = deadlineNanos - System.nanoTime();
        if (remaining <= 0) {
            return result.setFailure(timeout("resolving " + host));
        }
        ScheduledFuture<?> timer = loop.schedule(() -> {
            result.tryFailure(timeout("resolving " + host));
        }, remaining, TimeUnit.NANOSECONDS);
        result.addListener(f -> timer.cancel(false));
        try {
            resolverExecutor.execute(() -> {
                try {
                    List<InetAddress> addresses = List.copyOf(resolver.resolveAll(host));
                    if (addresses.isEmpty()) {
                        throw new UnknownHostException(host + ": no address");
                    }
                    result.trySuccess(addresses);
                } catch (UnknownHostException e) {
                    result.tryFailure(new TunnelConnectException(TunnelConnectException.Kind.UNRESOLVED,
                            "cannot resolve " + host + ": " + e.getMessage(), e));
                } catch (RuntimeException e) {
                    result.tryFailure(new TunnelConnectException(TunnelConnectException.Kind.UNRESOLVED,
                            "cannot resolve " + host + ": " + e, e));
                }
            });
        } catch (RejectedExecutionException e) {
            result.tryFailure(new TunnelConnectException(TunnelConnectException.Kind.UNRESOLVED,
                    "cannot resolve " + host + ": the resolver is shut down", e));
        }
        return result;
    }

    /** A connection to the first of {@code addresses} that accepts on {@code port}, registered on {@code loop}. */
    Future<Channel> connect(EventLoop loop, List<InetAddress> addresses, int port, long deadlineNanos) {
        Promise<Channel> result = loop.newPromise();
        attempt(loop, addresses, 0, port, deadlineNanos, result, null);
        return result;
    }

    private void attempt(EventLoop loop, List<InetAddress> addresses, int index, int port, long deadlineNanos,
                         Promise<Channel> result, TunnelConnectException last) {
        if (index >= addresses.size()) {
            result.tryFailure(last);
            return;
        }
        InetSocketAddress target = new InetSocketAddress(addresses.get(index), port);
        long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        if (remainingMillis <= 0) {
            result.tryFailure(timeout("connecting to " + describe(target)));
            return;
        }
        ChannelFuture connect = new Bootstrap()
                .group(loop)
                .channel(Transports.clientChannel())
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, remainingMillis))
                .handler(new ChannelInboundHandlerAdapter())
                .connect(target);
        connect.addListener(f -> {
            if (f.isSuccess()) {
                if (!result.trySuccess(connect.channel())) {
                    connect.channel().close();
                }
                return;
            }
            TunnelConnectException failure = classify(target, f.cause());
            if (failure.kind() == TunnelConnectException.Kind.TIMEOUT) {
                result.tryFailure(failure); // the deadline is spent: no time for the next address
                return;
            }
            attempt(loop, addresses, index + 1, port, deadlineNanos, result, failure);
        });
    }

    private static TunnelConnectException classify(InetSocketAddress target, Throwable cause) {
        String message = "connecting to " + describe(target) + ": " + cause.getMessage();
        if (cause instanceof ConnectTimeoutException) {
            return new TunnelConnectException(TunnelConnectException.Kind.TIMEOUT, message, cause);
        }
        // NIO throws ConnectException("Connection refused"); epoll and io_uring a subclass whose message
        // carries strerror's text
        String text = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
        if (cause instanceof ConnectException && text.contains("refused")) {
            return new TunnelConnectException(TunnelConnectException.Kind.REFUSED, message, cause);
        }
        return new TunnelConnectException(TunnelConnectException.Kind.UNREACHABLE, message, cause);
    }

    private static TunnelConnectException timeout(String what) {
        return new TunnelConnectException(TunnelConnectException.Kind.TIMEOUT, what + ": the connect timeout passed", null);
    }

    static String describe(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
