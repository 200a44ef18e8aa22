package io.meshgate.kernel.dns;

import io.meshgate.kernel.transport.Transports;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.uring.IoUringDatagramChannel;

/**
 * The datagram channel class that matches the event loops {@link Transports} builds: a channel can only
 * be registered on loops of its own transport. (Transports picks the stream channels; this is its
 * datagram counterpart, kept here while the DNS listener is the kernel's only UDP user.)
 */
final class DnsTransport {

    private DnsTransport() {}

    static Class<? extends DatagramChannel> datagramChannel() {
        return switch (Transports.name()) {
            case "io_uring" -> IoUringDatagramChannel.class;
            case "epoll" -> EpollDatagramChannel.class;
            default -> NioDatagramChannel.class;
        };
    }
}
