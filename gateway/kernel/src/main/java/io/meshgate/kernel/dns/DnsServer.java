package io.meshgate.kernel.dns;

import io.meshgate.config.DnsListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoopGroup;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Binds the UDP socket of a {@link DnsListener}. */
public final class DnsServer {

    private static final long BIND_TIMEOUT_SECONDS = 10;

    private DnsServer() {}

    /**
     * Binds {@code listener}'s address and port on one loop of {@code group}, using the transport's
     * datagram channel. Each query reads {@code currentZone}, the records and upstreams to serve it with;
     * while that gives null (a listener about to be closed after a swap that removed it) queries are
     * dropped unanswered, as its closed socket would.
     *
     * <p>The socket is bound without SO_REUSEADDR: on Linux that option lets two UDP sockets share a
     * port, which would hide a conflicting listener instead of refusing the config.
     *
     * @return the bound channel; closing it stops the listener
     * @throws IllegalArgumentException when the socket cannot be bound
     */
    public static Channel bind(EventLoopGroup group, DnsListener listener, Supplier<DnsZone> currentZone,
                               MeterRegistry registry) {
        DnsQueryHandler handler = new DnsQueryHandler(currentZone, new UdpDnsForwarder(DnsTransport.datagramChannel()),
                new DnsMetrics(registry, listener.name()));
        ChannelFuture bind = new Bootstrap()
                .group(group)
                .channel(DnsTransport.datagramChannel())
                .handler(handler)
                .bind(listener.address(), listener.port());
        String where = "listener " + listener.name() + ": cannot bind UDP " + listener.address() + ":" + listener.port();
        if (!bind.awaitUninterruptibly(BIND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            bind.channel().close();
            throw new IllegalArgumentException(where + ": no result within " + BIND_TIMEOUT_SECONDS + " s");
        }
        if (!bind.isSuccess()) {
            bind.channel().close();
            throw new IllegalArgumentException(where + ": " + bind.cause().getMessage(), bind.cause());
        }
        return bind.channel();
    }
}
