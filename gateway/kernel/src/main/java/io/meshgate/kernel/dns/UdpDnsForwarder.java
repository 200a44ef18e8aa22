package io.meshgate.kernel.dns;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Forwards over UDP: each forwarded query gets its own socket on an ephemeral port and a random id, so
 * an off-path sender has to guess both to plant an answer, and only datagrams from an upstream already
 * asked, with that id and the same question, count as answers. The upstreams are asked one after the
 * other; an answer from an earlier one that arrives late is still taken. SERVFAIL and REFUSED move on to
 * the next upstream, like a resolver with several name servers; any other answer, NXDOMAIN included, is
 * final.
 */
final class UdpDnsForwarder implements DnsForwarder {
    private static final System.Logger LOG = System.getLogger(UdpDnsForwarder.class.getName());
    private static final SecureRandom IDS = new SecureRandom();

    private final Class<? extends DatagramChannel> channelType;

    UdpDnsForwarder(Class<? extends DatagramChannel> channelType) {
        this.channelType = Objects.requireNonNull(channelType, "channelType");
    }

    @Override
    public void forward(EventLoop loop, DnsQuery query, List<InetSocketAddress> upstreams, Duration perTry,
                        Callback callback) {
        if (upstreams.isEmpty()) {
            loop.execute(() -> callback.failed("no upstream resolvers"));
            return;
        }
        new Exchange(loop, query, upstreams, perTry, callback).start();
    }

    /** One forwarded query: its socket, the upstreams asked so far, the running try's deadline. */
    private final class Exchange extends SimpleChannelInboundHandler<DatagramPacket> {
        private final EventLoop loop;
        private final DnsQuery query;
        private final List<InetSocketAddress> upstreams;
        private final Duration perTry;
        private final Callback callback;
        private final int id = IDS.nextInt(0x10000);
        private Channel channel;
        private int asked;
        private ScheduledFuture<?> deadline;
        private String lastFailure = "not sent";
        private boolean done;

        Exchange(EventLoop loop, DnsQuery query, List<InetSocketAddress> upstreams, Duration perTry, Callback callback) {
            this.loop = loop;
            this.query = query;
            this.upstreams = upstreams;
            this.perTry = perTry;
            this.callback = callback;
        }

        void start() {
            new Bootstrap().group(loop).channel(channelType).handler(this)
                    .bind(new InetSocketAddress(0))
                    .addListener((ChannelFutureListener) bound -> {
                        channel = bound.channel();
                        if (!bound.isSuccess()) {
                            finish(null, "cannot open a socket to forward: " + bound.cause());
                            return;
                        }
                        askNext();
                    });
        }

        /** On the loop: asks the next upstream, or fails when every one was asked. */
        private void askNext() {
            if (done) {
                return;
            }
            if (deadline != null) {
                deadline.cancel(false);
            }
            if (asked == upstreams.size()) {
                finish(null, lastFailure);
                return;
            }
            InetSocketAddress upstream = upstreams.get(asked++);
            int attempt = asked;
            // the deadline first: a write that fails at once moves on to the next upstream and cancels it
            deadline = loop.schedule(() -> {
                if (asked == attempt) {
                    lastFailure = upstream + " did not answer within " + perTry.toMillis() + " ms";
                    askNext();
                }
            }, perTry.toNanos(), TimeUnit.NANOSECONDS);
            channel.writeAndFlush(new DatagramPacket(DnsMessages.forwardedQuery(channel.alloc(), query, id), upstream))
                    .addListener(sent -> {
                        if (!sent.isSuccess() && asked == attempt) {
                            lastFailure = "sending to " + upstream + " failed: " + sent.cause();
                            askNext();
                        }
                    });
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            ByteBuf response = packet.content();
            if (done || !askedAlready(packet.sender()) || !DnsMessages.answersForwarded(response, query, id)) {
                LOG.log(System.Logger.Level.DEBUG, () -> "ignored a datagram from " + packet.sender()
                        + " that does not answer the forwarded query");
                return;
            }
            int rcode = DnsMessages.rcode(response);
            if (rcode == DnsMessages.RCODE_SERVFAIL || rcode == DnsMessages.RCODE_REFUSED) {
                lastFailure = packet.sender() + " answered " + (rcode == DnsMessages.RCODE_SERVFAIL ? "SERVFAIL" : "REFUSED");
                askNext();
                return;
            }
            finish(response.retain(), null);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // e.g. an ICMP port unreachable surfacing as an error: the running try's deadline still applies
            LOG.log(System.Logger.Level.DEBUG, () -> "forwarding socket error: " + cause);
        }

        private boolean askedAlready(InetSocketAddress sender) {
            if (sender == null) {
                return false;
            }
            for (int i = 0; i < asked; i++) {
                InetSocketAddress upstream = upstreams.get(i);
                if (upstream.getPort() == sender.getPort()
                        && Arrays.equals(ipv4Form(upstream.getAddress()), ipv4Form(sender.getAddress()))) {
                    return true;
                }
            }
            return false;
        }

        private void finish(ByteBuf response, String failure) {
            if (done) {
                if (response != null) {
                    response.release();
                }
                return;
            }
            done = true;
            if (deadline != null) {
                deadline.cancel(false);
            }
            if (channel != null) {
                channel.close();
            }
            if (response != null) {
                callback.answered(response);
            } else {
                callback.failed(failure);
            }
        }
    }

    /** The address's bytes, an IPv4-mapped IPv6 address as its IPv4 form (a dual-stack socket reports those). */
    private static byte[] ipv4Form(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address && bytes.length == 16) {
            boolean mapped = bytes[10] == (byte) 0xFF && bytes[11] == (byte) 0xFF;
            for (int i = 0; i < 10 && mapped; i++) {
                mapped = bytes[i] == 0;
            }
            if (mapped) {
                return Arrays.copyOfRange(bytes, 12, 16);
            }
        }
        return bytes;
    }
}
