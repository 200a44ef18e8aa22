package io.meshgate.kernel.upstream;

import io.meshgate.config.TunnelMode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.NetUtil;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * The client side of an egress gateway tunnel: asks the gateway for {@code host:port}, reads its
 * answer, then steps aside so the bytes of the tunnelled connection pass through untouched.
 * <ul>
 *   <li>{@code CONNECT}: {@code CONNECT host:port HTTP/1.1} with the same {@code Host}; a 2xx status
 *       line opens the tunnel. The answer's head may take at most {@value #MAX_CONNECT_RESPONSE_BYTES}
 *       bytes.</li>
 *   <li>{@code SOCKS5} (RFC 1928): the greeting offers "no authentication" only; the request names the
 *       destination as an IPv4 or IPv6 address when {@code host} is one, else as a domain name; reply
 *       code 0 opens the tunnel.</li>
 * </ul>
 * The outcome is reported once to {@code done} (null: open), on the event loop and synchronously
 * with the read that completed it, so the caller can add the handlers that follow before anything
 * else is read. Bytes the gateway sent after its answer (a server-first destination's greeting) are
 * kept and passed on at the next read request, when those handlers are in place. No deadline of its
 * own: the connect deadline of the caller covers the handshake.
 */
final class TunnelClientHandshake extends ChannelDuplexHandler {
    static final int MAX_CONNECT_RESPONSE_BYTES = 8 * 1024;
    private static final int MAX_SOCKS_DOMAIN_LENGTH = 255;
    private static final byte SOCKS_VERSION = 5;
    private static final byte SOCKS_NO_AUTHENTICATION = 0;
    private static final byte SOCKS_CONNECT = 1;
    private static final byte ATYP_IPV4 = 1;
    private static final byte ATYP_DOMAIN = 3;
    private static final byte ATYP_IPV6 = 4;

    private enum Stage { GREETING, REQUEST, OPEN, FAILED }

    private final TunnelMode mode;
    private final String host;
    private final int port;
    private final String target;
    private final Consumer<Throwable> done;
    private Stage stage;
    private ByteBuf received;

    /**
     * @param host the destination's name or IP literal (IPv6 without brackets)
     * @param done told null when the tunnel is open, else why not ({@link TunnelRefusedException})
     * @throws IllegalArgumentException for a SOCKS5 domain name longer than 255 bytes
     */
    TunnelClientHandshake(TunnelMode mode, String host, int port, Consumer<Throwable> done) {
        this.mode = mode;
        this.host = host;
        this.port = port;
        this.target = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        this.done = done;
        if (mode == TunnelMode.SOCKS5 && NetUtil.createByteArrayFromIpAddressString(host) == null
                && host.getBytes(StandardCharsets.US_ASCII).length > MAX_SOCKS_DOMAIN_LENGTH) {
            throw new IllegalArgumentException("tunnel host '" + host + "' is longer than SOCKS5 allows");
        }
    }

    /** Sends the first message; call once the connection to the gateway is usable (TLS done). */
    void start(ChannelHandlerContext ctx) {
        received = ctx.alloc().buffer();
        if (mode == TunnelMode.CONNECT) {
            stage = Stage.REQUEST;
            String request = "CONNECT " + target + " HTTP/1.1\r\nHost: " + target + "\r\n\r\n";
            ctx.writeAndFlush(ByteBufUtil.writeAscii(ctx.alloc(), request));
        } else {
            stage = Stage.GREETING;
            ByteBuf greeting = ctx.alloc().buffer(3);
            greeting.writeByte(SOCKS_VERSION).writeByte(1).writeByte(SOCKS_NO_AUTHENTICATION);
            ctx.writeAndFlush(greeting);
        }
        ctx.read();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (stage == Stage.OPEN && received == null) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (!(msg instanceof ByteBuf bytes) || stage == null || stage == Stage.FAILED) {
            io.netty.util.ReferenceCountUtil.release(msg);
            if (stage == null) {
                fail(ctx, "the gateway sent data before the tunnel request");
            }
            return;
        }
        try {
            received.writeBytes(bytes);
        } finally {
            bytes.release();
        }
        if (stage == Stage.OPEN) {
            return; // more for the tunnelled connection while the next handlers are not reading yet
        }
        if (mode == TunnelMode.CONNECT) {
            readConnectAnswer(ctx);
        } else {
            readSocksAnswer(ctx);
        }
    }

    private void readConnectAnswer(ChannelHandlerContext ctx) {
        int end = indexOf(received, CRLF_CRLF);
        if (end < 0) {
            if (received.readableBytes() > MAX_CONNECT_RESPONSE_BYTES) {
                fail(ctx, "the gateway's CONNECT answer is longer than " + MAX_CONNECT_RESPONSE_BYTES + " bytes");
            }
            return;
        }
        if (end + 4 - received.readerIndex() > MAX_CONNECT_RESPONSE_BYTES) {
            fail(ctx, "the gateway's CONNECT answer is longer than " + MAX_CONNECT_RESPONSE_BYTES + " bytes");
            return;
        }
        int lineEnd = indexOf(received, CRLF);
        String statusLine = received.toString(received.readerIndex(), lineEnd - received.readerIndex(),
                StandardCharsets.ISO_8859_1);
        received.readerIndex(end + 4);
        int status = connectStatus(statusLine);
        if (status < 200 || status > 299) {
            fail(ctx, "the gateway refused CONNECT " + target + ": " + printable(statusLine));
            return;
        }
        open();
    }

    private static final byte[] CRLF_CRLF = {'\r', '\n', '\r', '\n'};
    private static final byte[] CRLF = {'\r', '\n'};

    /** The absolute index of {@code needle} in {@code buf}'s readable bytes, or -1. */
    private static int indexOf(ByteBuf buf, byte[] needle) {
        int last = buf.writerIndex() - needle.length;
        outer:
        for (int i = buf.readerIndex(); i <= last; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (buf.getByte(i + j) != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The status code of {@code HTTP/1.x SSS reason}; -1 when the line is not one. */
    static int connectStatus(String line) {
        if (!line.startsWith("HTTP/1.") || line.length() < 12 || line.charAt(8) != ' ') {
            return -1;
        }
        int code = 0;
        for (int i = 9; i < 12; i++) {
            char c = line.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            code = code * 10 + (c - '0');
        }
        return line.length() == 12 || line.charAt(12) == ' ' ? code : -1;
    }

    private void readSocksAnswer(ChannelHandlerContext ctx) {
        if (stage == Stage.GREETING) {
            if (received.readableBytes() < 2) {
                return;
            }
            int version = received.readUnsignedByte();
            int method = received.readUnsignedByte();
            if (version != SOCKS_VERSION || method != SOCKS_NO_AUTHENTICATION) {
                fail(ctx, method == 0xff && version == SOCKS_VERSION
                        ? "the SOCKS5 gateway accepts no unauthenticated client"
                        : "the SOCKS5 gateway answered the greeting with version " + version + " method " + method);
                return;
            }
            stage = Stage.REQUEST;
            ctx.writeAndFlush(socksRequest(ctx));
            if (!received.isReadable()) {
                return;
            }
        }
        if (received.readableBytes() < 5) {
            return;
        }
        int base = received.readerIndex();
        int version = received.getUnsignedByte(base);
        int reply = received.getUnsignedByte(base + 1);
        if (version != SOCKS_VERSION) {
            fail(ctx, "the SOCKS5 gateway answered with version " + version);
            return;
        }
        if (reply != 0) {
            fail(ctx, "the SOCKS5 gateway refused " + target + ": reply " + reply + " (" + socksReply(reply) + ")");
            return;
        }
        int length = switch (received.getUnsignedByte(base + 3)) {
            case ATYP_IPV4 -> 4 + 4 + 2;
            case ATYP_IPV6 -> 4 + 16 + 2;
            case ATYP_DOMAIN -> 4 + 1 + received.getUnsignedByte(base + 4) + 2;
            default -> -1;
        };
        if (length < 0) {
            fail(ctx, "the SOCKS5 gateway answered with address type " + received.getUnsignedByte(base + 3));
            return;
        }
        if (received.readableBytes() < length) {
            return;
        }
        received.skipBytes(length);
        open();
    }

    private ByteBuf socksRequest(ChannelHandlerContext ctx) {
        byte[] address = NetUtil.createByteArrayFromIpAddressString(host);
        ByteBuf out = ctx.alloc().buffer(6 + 1 + MAX_SOCKS_DOMAIN_LENGTH);
        out.writeByte(SOCKS_VERSION).writeByte(SOCKS_CONNECT).writeByte(0);
        if (address == null) {
            byte[] name = host.getBytes(StandardCharsets.US_ASCII);
            out.writeByte(ATYP_DOMAIN).writeByte(name.length).writeBytes(name);
        } else {
            out.writeByte(address.length == 4 ? ATYP_IPV4 : ATYP_IPV6).writeBytes(address);
        }
        out.writeShort(port);
        return out;
    }

    static String socksReply(int code) {
        return switch (code) {
            case 1 -> "general failure";
            case 2 -> "connection not allowed by ruleset";
            case 3 -> "network unreachable";
            case 4 -> "host unreachable";
            case 5 -> "connection refused";
            case 6 -> "TTL expired";
            case 7 -> "command not supported";
            case 8 -> "address type not supported";
            default -> "unknown";
        };
    }

    private void open() {
        stage = Stage.OPEN;
        if (!received.isReadable()) {
            received.release();
            received = null;
        }
        done.accept(null);
    }

    private void fail(ChannelHandlerContext ctx, String why) {
        stage = Stage.FAILED;
        release();
        done.accept(new TunnelRefusedException("tunnel to " + target + ": " + why));
        ctx.close();
    }

    @Override
    public void read(ChannelHandlerContext ctx) {
        if (stage == Stage.OPEN && received != null) {
            // what the gateway sent after its answer goes to the handlers now in place, first
            ByteBuf early = received;
            received = null;
            ctx.fireChannelRead(early);
            ctx.fireChannelReadComplete();
            return;
        }
        ctx.read();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (stage != Stage.OPEN && stage != Stage.FAILED) {
            stage = Stage.FAILED;
            release();
            done.accept(new TunnelRefusedException("tunnel to " + target + ": the gateway closed the connection"));
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        release();
    }

    private void release() {
        if (received != null) {
            received.release();
            received = null;
        }
    }

    private static String printable(String line) {
        StringBuilder out = new StringBuilder(Math.min(line.length(), 120));
        for (int i = 0; i < line.length() && out.length() < 120; i++) {
            char c = line.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return out.toString();
    }
}
