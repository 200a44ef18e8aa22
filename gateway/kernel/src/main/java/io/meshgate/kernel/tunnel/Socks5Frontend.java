package io.meshgate.kernel.tunnel;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * FSM's {@code sock5} mode, RFC 1928 read strictly by hand (a few fixed fields; no dependency):
 * <ol>
 *   <li>greeting {@code 05 NMETHODS METHODS}: must offer 0x00 "no authentication" (the caller is known by
 *       its certificate), answered {@code 05 00}; otherwise {@code 05 FF} and the connection closes; a
 *       first byte other than 5 (SOCKS4, HTTP) closes it at once;</li>
 *   <li>request {@code 05 CMD 00 ATYP DST.ADDR DST.PORT}: only CONNECT (BIND and UDP ASSOCIATE:
 *       reply 0x07), address types IPv4, domain (1..255 bytes, a host name) and IPv6 (others: 0x08); a
 *       malformed request: 0x01;</li>
 *   <li>no rule allows it: 0x02; unresolvable, unreachable or timed out: 0x04 (0x03 when the network
 *       is unreachable); refused: 0x05; connected: 0x00 with the gateway's own address and port of that
 *       connection, then bytes are relayed both ways, starting with any the caller sent early.</li>
 * </ol>
 * Every reply but success closes the connection. Greeting and request must arrive within the request
 * timeout; they may come in one segment or byte by byte.
 */
final class Socks5Frontend extends ByteToMessageDecoder {
    private static final System.Logger LOG = System.getLogger(Socks5Frontend.class.getName());

    private static final byte CMD_CONNECT = 0x01;
    private static final int MAX_DOMAIN = 255;

    private enum State { GREETING, REQUEST, OPENING, DONE }

    private final TunnelSession session;
    private final Duration requestTimeout;
    private State state = State.GREETING;
    private ScheduledFuture<?> deadline;

    Socks5Frontend(TunnelSession session, Duration requestTimeout) {
        this.session = session;
        this.requestTimeout = requestTimeout;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
        super.handlerAdded(ctx);
        deadline = ctx.executor().schedule(() -> {
            if (state == State.GREETING || state == State.REQUEST) {
                state = State.DONE;
                session.record().rejected(408, TunnelRecord.REQUEST_TIMEOUT,
                        "no complete SOCKS5 request within " + requestTimeout.toSeconds() + " s");
                ctx.close();
            }
        }, requestTimeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        cancelDeadline();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancelDeadline();
        super.channelInactive(ctx);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (state == State.GREETING) {
            greeting(ctx, in);
        }
        if (state == State.REQUEST) {
            request(ctx, in);
        }
        // OPENING: what the caller sent after its request stays buffered for the tunnel; DONE: closing
    }

    private void greeting(ChannelHandlerContext ctx, ByteBuf in) {
        if (in.readableBytes() < 2) {
            return;
        }
        int start = in.readerIndex();
        byte version = in.getByte(start);
        if (version != Socks5Replies.VERSION) {
            state = State.DONE;
            in.skipBytes(in.readableBytes());
            session.record().rejected(400, TunnelRecord.MALFORMED,
                    String.format("not SOCKS5: the first byte is 0x%02x", version & 0xff));
            ctx.close();
            return;
        }
        int methods = in.getUnsignedByte(start + 1);
        if (in.readableBytes() < 2 + methods) {
            return;
        }
        boolean noAuthentication = false;
        for (int i = 0; i < methods; i++) {
            noAuthentication |= in.getByte(start + 2 + i) == Socks5Replies.METHOD_NO_AUTHENTICATION;
        }
        in.skipBytes(2 + methods);
        if (!noAuthentication) {
            state = State.DONE;
            session.record().rejected(400, TunnelRecord.NO_ACCEPTABLE_METHOD,
                    "the greeting does not offer method 0x00 (no authentication)");
            ctx.writeAndFlush(Socks5Replies.method(ctx.alloc(), Socks5Replies.METHOD_NONE_ACCEPTABLE))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        state = State.REQUEST;
        ctx.writeAndFlush(Socks5Replies.method(ctx.alloc(), Socks5Replies.METHOD_NO_AUTHENTICATION));
    }

    private void request(ChannelHandlerContext ctx, ByteBuf in) {
        if (in.readableBytes() < 5) {
            return; // up to the domain's length byte, or the first address byte
        }
        int start = in.readerIndex();
        byte version = in.getByte(start);
        byte command = in.getByte(start + 1);
        byte reserved = in.getByte(start + 2);
        byte type = in.getByte(start + 3);
        if (version != Socks5Replies.VERSION || reserved != 0) {
            refuse(ctx, in, Socks5Replies.GENERAL_FAILURE, 400, TunnelRecord.MALFORMED,
                    String.format("request header %02x %02x %02x", version & 0xff, command & 0xff, reserved & 0xff));
            return;
        }
        int addressLength = switch (type) {
            case Socks5Replies.ATYP_IPV4 -> 4;
            case Socks5Replies.ATYP_IPV6 -> 16;
            case Socks5Replies.ATYP_DOMAIN -> 1 + in.getUnsignedByte(start + 4);
            default -> -1;
        };
        if (addressLength < 0) {
            refuse(ctx, in, Socks5Replies.ADDRESS_TYPE_NOT_SUPPORTED, 400, TunnelRecord.ADDRESS_TYPE_NOT_SUPPORTED,
                    String.format("address type 0x%02x", type & 0xff));
            return;
        }
        if (in.readableBytes() < 4 + addressLength + 2) {
            return;
        }
        in.skipBytes(4);
        byte[] address = new byte[type == Socks5Replies.ATYP_DOMAIN ? addressLength - 1 : addressLength];
        if (type == Socks5Replies.ATYP_DOMAIN) {
            in.skipBytes(1);
        }
        in.readBytes(address);
        int port = in.readUnsignedShort();
        Destination destination;
        try {
            destination = destination(type, address, port);
        } catch (IllegalArgumentException e) {
            refuse(ctx, in, Socks5Replies.GENERAL_FAILURE, 400, TunnelRecord.MALFORMED, e.getMessage());
            return;
        }
        session.record().destination(destination);
        if (command != CMD_CONNECT) {
            refuse(ctx, in, Socks5Replies.COMMAND_NOT_SUPPORTED, 400, TunnelRecord.COMMAND_NOT_SUPPORTED,
                    String.format("command 0x%02x (only 0x01 CONNECT is served)", command & 0xff));
            return;
        }
        cancelDeadline();
        state = State.OPENING;
        // nothing more is read until the tunnel is open or refused: a caller cannot make us buffer
        ctx.channel().config().setAutoRead(false);
        session.open(destination).addListener(f -> outcome(ctx, (TunnelOutcome) f.getNow()));
    }

    private static Destination destination(byte type, byte[] address, int port) {
        if (type == Socks5Replies.ATYP_DOMAIN) {
            if (address.length == 0 || address.length > MAX_DOMAIN) {
                throw new IllegalArgumentException("the domain name is empty");
            }
            for (byte b : address) {
                if (b <= 0x20 || b >= 0x7f) {
                    throw new IllegalArgumentException("the domain name holds a byte that is not printable ASCII");
                }
            }
            return Destination.named(new String(address, StandardCharsets.US_ASCII), port);
        }
        try {
            return Destination.address(InetAddress.getByAddress(address), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + address.length + " bytes", e);
        }
    }

    private void outcome(ChannelHandlerContext ctx, TunnelOutcome outcome) {
        if (outcome instanceof TunnelOutcome.Opened opened && (!ctx.channel().isActive() || ctx.isRemoved())) {
            opened.upstream().close(); // the caller left while we were connecting
            return;
        }
        switch (outcome) {
            case TunnelOutcome.Denied denied -> {
                state = State.DONE;
                session.record().denied(403, denied.denial(), Socks5Replies.describe(Socks5Replies.NOT_ALLOWED));
                reply(ctx, Socks5Replies.NOT_ALLOWED);
            }
            case TunnelOutcome.Failed failed -> {
                state = State.DONE;
                byte reply = Socks5Replies.unreachable(failed.cause());
                int status = failed.cause().kind() == TunnelConnectException.Kind.TIMEOUT ? 504 : 502;
                session.record().failed(status, failed.rule(), failed.cause(), Socks5Replies.describe(reply));
                reply(ctx, reply);
            }
            case TunnelOutcome.Opened opened -> relay(ctx, opened);
        }
    }

    private void relay(ChannelHandlerContext ctx, TunnelOutcome.Opened opened) {
        Channel upstream = opened.upstream();
        session.record().opened(opened.rule(), (InetSocketAddress) upstream.remoteAddress());
        state = State.DONE;
        ctx.writeAndFlush(Socks5Replies.success(ctx.alloc(), (InetSocketAddress) upstream.localAddress()));
        try {
            TunnelRelay.start(ctx, this, upstream, session.record(), actualReadableBytes(), List.of(),
                    TunnelRelay.IDLE_TIMEOUT);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, () -> "tunnel listener " + session.record().listener()
                    + ": cannot relay: " + e.getMessage());
            upstream.close();
            ctx.close();
        }
    }

    private void refuse(ChannelHandlerContext ctx, ByteBuf in, byte reply, int status, String reason, String detail) {
        state = State.DONE;
        in.skipBytes(in.readableBytes());
        session.record().rejected(status, reason, Socks5Replies.describe(reply) + ": " + detail);
        reply(ctx, reply);
    }

    private static void reply(ChannelHandlerContext ctx, byte reply) {
        ctx.writeAndFlush(Socks5Replies.failure(ctx.alloc(), reply)).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        if (state == State.OPENING || state == State.DONE) {
            // the decoder would ask for more bytes and buffer them without bound while we connect
            ctx.fireChannelReadComplete();
            return;
        }
        super.channelReadComplete(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.log(System.Logger.Level.DEBUG, () -> "tunnel listener " + session.record().listener()
                + ": connection closed on error: " + cause);
        ctx.close();
    }

    private void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }
}
