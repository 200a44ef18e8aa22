package io.meshgate.kernel.transparent;

import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.unix.RawUnixChannelOption;
import io.netty.util.AttributeKey;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads where a connection redirected by iptables ({@code -j REDIRECT}) was going before the
 * redirect: {@code getsockopt(fd, SOL_IP, SO_ORIGINAL_DST)} for IPv4 and
 * {@code getsockopt(fd, SOL_IPV6, IP6T_SO_ORIGINAL_DST)} for IPv6, as Envoy's original-destination
 * listener does. The Linux kernel answers from the connection's NAT record with a
 * {@code sockaddr_in} or {@code sockaddr_in6}.
 *
 * <p>The call goes through Netty's native transports ({@link RawUnixChannelOption}), which both
 * io_uring and epoll channels support; no second native binding is needed (the project compiles for
 * Java 21, where the FFM API is still a preview). NIO channels cannot make the call: a sidecar must
 * run on a native transport, so a channel that cannot answer is reported, never guessed at.
 *
 * <p>A connection that was not redirected has no NAT record ({@code ENOENT}) or, when connection
 * tracking saw it anyway, an original destination equal to its local address: the caller must check
 * for the latter ({@link #isLocal}).
 */
public final class OriginalDestination {
    /** {@code SOL_IP} from {@code <netinet/in.h>}. */
    static final int SOL_IP = 0;
    /** {@code SO_ORIGINAL_DST} from {@code <linux/netfilter_ipv4.h>}. */
    static final int SO_ORIGINAL_DST = 80;
    /** {@code SOL_IPV6} from {@code <netinet/in.h>}. */
    static final int SOL_IPV6 = 41;
    /** {@code IP6T_SO_ORIGINAL_DST} from {@code <linux/netfilter_ipv6/ip6_tables.h>}. */
    static final int IP6T_SO_ORIGINAL_DST = 80;

    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    /** {@code sizeof(struct sockaddr_in)}: family, port, address, 8 bytes of padding. */
    static final int SOCKADDR_IN_LENGTH = 16;
    /** {@code sizeof(struct sockaddr_in6)}: family, port, flow info, address, scope id. */
    static final int SOCKADDR_IN6_LENGTH = 28;

    private static final RawUnixChannelOption IPV4 =
            new RawUnixChannelOption("SO_ORIGINAL_DST", SOL_IP, SO_ORIGINAL_DST, SOCKADDR_IN_LENGTH);
    private static final RawUnixChannelOption IPV6 =
            new RawUnixChannelOption("IP6T_SO_ORIGINAL_DST", SOL_IPV6, IP6T_SO_ORIGINAL_DST, SOCKADDR_IN6_LENGTH);

    /**
     * The original destination recorded on an accepted connection whose requests are proxied to it
     * (an HTTP destination rule with an original-destination cluster): set once at accept, read per
     * request (an HTTP/2 stream reads its parent connection's).
     */
    public static final AttributeKey<InetSocketAddress> ATTRIBUTE =
            AttributeKey.valueOf("meshgate.transparent.original-destination");

    private OriginalDestination() {}

    /**
     * The original destination of the accepted connection {@code ch}. Asks with the family of the
     * connection's local address: an IPv4 connection (also one accepted on a dual-stack socket, which
     * Netty reports with an IPv4 address) has its record in the IPv4 NAT table.
     *
     * @throws OriginalDestinationException when the transport cannot ask or the Linux kernel has no answer
     */
    public static InetSocketAddress read(Channel ch) throws OriginalDestinationException {
        boolean ipv6 = ch.localAddress() instanceof InetSocketAddress local
                && local.getAddress() instanceof Inet6Address;
        RawUnixChannelOption option = ipv6 ? IPV6 : IPV4;
        ByteBuffer answer;
        try {
            answer = ch.config().getOption(option);
        } catch (ChannelException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new OriginalDestinationException("getsockopt(" + option.name() + ") failed: " + cause.getMessage()
                    + " (not redirected by iptables, or connection tracking is not loaded)", e);
        }
        if (answer == null) {
            // NIO's config does not know native options and answers null
            throw new OriginalDestinationException("the " + ch.getClass().getSimpleName()
                    + " transport cannot read SO_ORIGINAL_DST: a mesh listener needs Linux with the io_uring"
                    + " or epoll transport (-Dmeshgate.transport=nio is not for sidecars)", true);
        }
        return parse(answer);
    }

    /**
     * Decodes a {@code sockaddr_in} or {@code sockaddr_in6}: the family in host byte order, the port
     * and address in network byte order. An IPv4-mapped IPv6 answer comes back as IPv4.
     *
     * @throws OriginalDestinationException when the family is neither, or the answer is too short
     */
    static InetSocketAddress parse(ByteBuffer sockaddr) throws OriginalDestinationException {
        ByteBuffer in = sockaddr.duplicate();
        if (in.remaining() < 4) {
            throw new OriginalDestinationException("SO_ORIGINAL_DST answer too short: " + in.remaining() + " bytes", false);
        }
        int family = in.order(ByteOrder.nativeOrder()).getShort(in.position()) & 0xffff;
        int port = in.order(ByteOrder.BIG_ENDIAN).getShort(in.position() + 2) & 0xffff;
        byte[] address = switch (family) {
            case AF_INET -> bytes(in, 4, 4, SOCKADDR_IN_LENGTH);
            case AF_INET6 -> bytes(in, 8, 16, SOCKADDR_IN6_LENGTH);
            default -> throw new OriginalDestinationException("SO_ORIGINAL_DST answered address family " + family
                    + ", neither AF_INET nor AF_INET6", false);
        };
        try {
            // getByAddress never resolves; a mapped ::ffff:a.b.c.d comes back as an Inet4Address
            return new InetSocketAddress(InetAddress.getByAddress(address), port);
        } catch (UnknownHostException e) {
            throw new OriginalDestinationException("SO_ORIGINAL_DST answered an address of " + address.length + " bytes", e);
        }
    }

    private static byte[] bytes(ByteBuffer in, int offset, int length, int structLength) throws OriginalDestinationException {
        if (in.remaining() < structLength) {
            throw new OriginalDestinationException("SO_ORIGINAL_DST answer too short: " + in.remaining()
                    + " bytes, expected " + structLength, false);
        }
        byte[] out = new byte[length];
        in.get(in.position() + offset, out);
        return out;
    }

    /**
     * True when {@code original} is the connection's own local address (same IP and port): it was not
     * redirected, a client connected to the listener itself. Relaying it would connect back here.
     * An IPv4 connection on a dual-stack socket compares equal to its mapped form.
     */
    public static boolean isLocal(InetSocketAddress original, SocketAddress local) {
        if (!(local instanceof InetSocketAddress l) || l.getPort() != original.getPort()) {
            return false;
        }
        return unmapped(l.getAddress()).equals(unmapped(original.getAddress()));
    }

    private static InetAddress unmapped(InetAddress address) {
        try {
            // the JDK turns an IPv4-mapped ::ffff:a.b.c.d into its Inet4Address
            return InetAddress.getByAddress(address.getAddress());
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // 4 or 16 bytes from an InetAddress are always valid
        }
    }
}
