package io.meshgate.kernel.dns;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** Reads an upstream resolver address: {@code ip}, {@code ip:port}, {@code [ipv6]:port}, or a bare IPv6 address. */
final class DnsUpstreams {

    static final int DEFAULT_PORT = 53;

    private DnsUpstreams() {}

    /**
     * @throws IllegalArgumentException when {@code value} is not an IP literal with an optional port in
     *                                  1..65535; host names are refused, since resolving them would need
     *                                  the very DNS this server stands in for
     */
    static InetSocketAddress parse(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("DNS upstream must not be empty");
        }
        String host = value.strip();
        int port = DEFAULT_PORT;
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            if (close < 0) {
                throw invalid(value);
            }
            String rest = host.substring(close + 1);
            host = host.substring(1, close);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw invalid(value);
                }
                port = port(rest.substring(1), value);
            }
        } else if (host.indexOf(':') >= 0 && host.indexOf(':') == host.lastIndexOf(':')) {
            int colon = host.indexOf(':');
            port = port(host.substring(colon + 1), value);
            host = host.substring(0, colon);
        }
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(host);
        if (bytes == null) {
            throw invalid(value);
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(bytes), port);
        } catch (UnknownHostException e) {
            throw invalid(value); // only for a byte count other than 4 or 16, which NetUtil never returns
        }
    }

    private static int port(String text, String value) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(value);
    }

    private static IllegalArgumentException invalid(String value) {
        return new IllegalArgumentException("DNS upstream '" + value
                + "' is not an IP address with an optional port (ip, ip:port or [ipv6]:port)");
    }
}
