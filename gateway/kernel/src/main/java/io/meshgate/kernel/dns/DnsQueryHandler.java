package io.meshgate.kernel.dns;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Answers the queries arriving on a DNS listener's socket: a name of the current zone from its records
 * (A: the addresses; any other type: an empty NOERROR answer, so that a client does not go on to ask
 * other servers or search domains for a name that exists), then a name of the zone's hosts file from
 * its lines (A and AAAA; other types empty, likewise), any other name through the forwarder, with
 * SERVFAIL when there are no upstreams or none answered. More (or fewer) than one question: FORMERR; an
 * opcode other than QUERY: NOTIMP. A datagram that is not a readable query is dropped and counted.
 *
 * <p>Runs on the socket's one event loop; the zone is read once per query, so a config swap takes effect
 * from the next query on, atomically. Nothing is thrown out of this handler: the socket serves every
 * client, and an exception must not reach the pipeline's tail for one bad datagram.
 */
final class DnsQueryHandler extends SimpleChannelInboundHandler<DatagramPacket> {
    private static final System.Logger LOG = System.getLogger(DnsQueryHandler.class.getName());

    /** Forwarded queries waiting for an upstream at once; each holds a socket, so beyond this: SERVFAIL. */
    static final int MAX_FORWARDS_IN_FLIGHT = 256;

    /** The zone to answer from; null once the listener is gone from the config. */
    private final Supplier<DnsZone> zone;
    private final DnsForwarder forwarder;
    private final DnsMetrics metrics;
    /** Only touched on the socket's event loop, where the forwarder's callbacks also run. */
    private int forwardsInFlight;

    DnsQueryHandler(Supplier<DnsZone> zone, DnsForwarder forwarder, DnsMetrics metrics) {
        this.zone = Objects.requireNonNull(zone, "zone");
        this.forwarder = Objects.requireNonNull(forwarder, "forwarder");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        try {
            answer(ctx.channel(), packet);
        } catch (MalformedDnsPacketException e) {
            metrics.dropped();
            LOG.log(System.Logger.Level.DEBUG, () -> "dropped a datagram from " + packet.sender() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            metrics.dropped();
            LOG.log(System.Logger.Level.DEBUG, () -> "dropped a datagram from " + packet.sender() + " after an error", e);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // a failed read of one datagram; closing would take the listener down for every client
        LOG.log(System.Logger.Level.DEBUG, () -> "DNS socket error: " + cause);
    }

    private void answer(Channel channel, DatagramPacket packet) {
        InetSocketAddress client = packet.sender();
        if (client == null) {
            throw new MalformedDnsPacketException("no sender address");
        }
        DnsQuery query = DnsQuery.parse(packet.content());
        DnsZone current = zone.get();
        if (current == null) {
            LOG.log(System.Logger.Level.DEBUG, () -> "listener removed: no answer to " + client);
            return;
        }
        boolean recursion = !current.upstreams().isEmpty();
        if (query.opcode() != DnsQuery.OPCODE_QUERY) {
            metrics.notImplemented();
            send(channel, DnsMessages.error(channel.alloc(), query, DnsMessages.RCODE_NOTIMP, recursion), client);
            return;
        }
        if (query.questionCount() != 1) {
            metrics.formatError();
            send(channel, DnsMessages.error(channel.alloc(), query, DnsMessages.RCODE_FORMERR, recursion), client);
            return;
        }
        List<byte[]> ipv4 = current.ipv4(query.name());
        if (ipv4 != null) {
            metrics.answered();
            List<byte[]> answers = query.asksForIpv4() ? ipv4 : List.of();
            send(channel, DnsMessages.answer(channel.alloc(), query, answers, recursion), client);
            return;
        }
        DnsHostsFile hosts = current.hostsFile();
        DnsHostsFile.Addresses pinned = hosts == null ? null : hosts.lookup(query.name());
        if (pinned != null) {
            metrics.answered();
            if (query.asksForIpv6()) {
                send(channel, DnsMessages.answer(channel.alloc(), query, pinned.ipv6(), DnsQuery.TYPE_AAAA, recursion), client);
            } else {
                List<byte[]> answers = query.asksForIpv4() ? pinned.ipv4() : List.of();
                send(channel, DnsMessages.answer(channel.alloc(), query, answers, recursion), client);
            }
            return;
        }
        if (!recursion || forwardsInFlight >= MAX_FORWARDS_IN_FLIGHT) {
            fail(channel, query, client, recursion, recursion ? "too many queries forwarded at once" : "no upstream resolvers");
            return;
        }
        forwardsInFlight++;
        forwarder.forward(channel.eventLoop(), query, current.upstreams(), current.upstreamTimeout(),
                new DnsForwarder.Callback() {
                    @Override
                    public void answered(ByteBuf response) {
                        forwardsInFlight--;
                        try {
                            metrics.forwarded();
                            send(channel, DnsMessages.relayed(channel.alloc(), response, query), client);
                        } finally {
                            response.release();
                        }
                    }

                    @Override
                    public void failed(String why) {
                        forwardsInFlight--;
                        fail(channel, query, client, true, why);
                    }
                });
    }

    private void fail(Channel channel, DnsQuery query, InetSocketAddress client, boolean recursion, String why) {
        metrics.failed();
        LOG.log(System.Logger.Level.DEBUG, () -> "SERVFAIL for " + query.name() + " to " + client + ": " + why);
        send(channel, DnsMessages.error(channel.alloc(), query, DnsMessages.RCODE_SERVFAIL, recursion), client);
    }

    private static void send(Channel channel, ByteBuf message, InetSocketAddress client) {
        // a closed socket (the listener went away while an upstream was asked) fails the write quietly
        channel.writeAndFlush(new DatagramPacket(message, client), channel.voidPromise());
    }
}
