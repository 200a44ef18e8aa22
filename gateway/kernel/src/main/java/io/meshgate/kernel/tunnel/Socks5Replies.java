package io.meshgate.kernel.tunnel;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Locale;

/** RFC 1928's server messages: the method selection and the replies to a request. */
final class Socks5Replies {
    static final byte VERSION = 5;
    static final byte METHOD_NO_AUTHENTICATION = 0x00;
    static final byte METHOD_NONE_ACCEPTABLE = (byte) 0xFF;

    static final byte SUCCEEDED = 0x00;
    static final byte GENERAL_FAILURE = 0x01;
    static final byte NOT_ALLOWED = 0x02;
    static final byte NETWORK_UNREACHABLE = 0x03;
    static final byte HOST_UNREACHABLE = 0x04;
    static final byte CONNECTION_REFUSED = 0x05;
    static final byte COMMAND_NOT_SUPPORTED = 0x07;
    static final byte ADDRESS_TYPE_NOT_SUPPORTED = 0x08;

    static final byte ATYP_IPV4 = 0x01;
    static final byte ATYP_DOMAIN = 0x03;
    static final byte ATYP_IPV6 = 0x04;

    private Socks5Replies() {}

    /** {@code VER METHOD}. */
    static ByteBuf method(ByteBufAllocator alloc, byte method) {
        return alloc.buffer(2).writeByte(VERSION).writeByte(method);
    }

    /** A reply without a bound address ({@code 0.0.0.0:0}), for every failure. */
    static ByteBuf failure(ByteBufAllocator alloc, byte reply) {
        return alloc.buffer(10).writeByte(VERSION).writeByte(reply).writeByte(0).writeByte(ATYP_IPV4)
                .writeInt(0).writeShort(0);
    }

    /** The success reply with the address the gateway connected from (BND.ADDR, BND.PORT). */
    static ByteBuf success(ByteBufAllocator alloc, InetSocketAddress bound) {
        InetAddress address = bound.getAddress();
        byte[] bytes = address.getAddress();
        ByteBuf out = alloc.buffer(6 + bytes.length).writeByte(VERSION).writeByte(SUCCEEDED).writeByte(0)
                .writeByte(address instanceof Inet6Address ? ATYP_IPV6 : ATYP_IPV4);
        return out.writeBytes(bytes).writeShort(bound.getPort());
    }

    /** The reply for a destination that could not be reached. */
    static byte unreachable(TunnelConnectException cause) {
        return switch (cause.kind()) {
            case REFUSED -> CONNECTION_REFUSED;
            case UNREACHABLE -> String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT).contains("network is unreachable")
                    ? NETWORK_UNREACHABLE : HOST_UNREACHABLE;
            case UNRESOLVED, TIMEOUT -> HOST_UNREACHABLE;
        };
    }

    /** {@code socks5 reply 0x02}: how the access log names a reply. */
    static String describe(byte reply) {
        return String.format("socks5 reply 0x%02x", reply & 0xff);
    }
}
