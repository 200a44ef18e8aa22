package io.meshgate.kernel.tunnel;

import io.netty.util.NetUtil;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Locale;

/**
 * Where a caller asks to go: a host (a DNS name, lower case without a trailing dot, or an IP literal
 * without brackets) and a port. Parsed strictly, because the host is matched against the rules as
 * text before anything is resolved: a name is letters, digits, {@code -} and {@code _} in dot-separated
 * labels of 1 to 63 characters, at most 253 in all; an IPv6 literal only in brackets (CONNECT) or as
 * SOCKS5's address type 4.
 *
 * @param host    the requested host as the rules see it
 * @param port    1..65535
 * @param literal the address when {@code host} is an IP literal, else null (a name to resolve)
 */
record Destination(String host, int port, InetAddress literal) {

    private static final int MAX_NAME_LENGTH = 253;
    private static final int MAX_LABEL_LENGTH = 63;

    /**
     * Parses CONNECT's authority form: {@code host:port} or {@code [v6]:port}, nothing else (no
     * userinfo, path, query or missing port).
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    static Destination parseAuthority(String authority) {
        if (authority == null || authority.isEmpty()) {
            throw new IllegalArgumentException("the request target is empty; CONNECT needs host:port");
        }
        int colon = authority.lastIndexOf(':');
        if (colon <= 0 || colon == authority.length() - 1) {
            throw new IllegalArgumentException("the request target is not host:port");
        }
        String hostPart = authority.substring(0, colon);
        int port = parsePort(authority.substring(colon + 1));
        if (hostPart.startsWith("[")) {
            if (!hostPart.endsWith("]")) {
                throw new IllegalArgumentException("the request target's IPv6 address lacks its closing bracket");
            }
            String inside = hostPart.substring(1, hostPart.length() - 1);
            // the zone of a link-local address (fe80::1%eth0) names an interface of the gateway: refused
            if (inside.indexOf('%') >= 0 || !NetUtil.isValidIpV6Address(inside)) {
                throw new IllegalArgumentException("the request target's bracketed host is not an IPv6 address");
            }
            return address(NetUtil.createInetAddressFromIpAddressString(inside), port);
        }
        if (hostPart.indexOf(':') >= 0) {
            throw new IllegalArgumentException("an IPv6 host must be in brackets: [address]:port");
        }
        return named(hostPart, port);
    }

    /** A SOCKS5 request's address (type 1 or 4) and port. */
    static Destination address(InetAddress address, int port) {
        requirePort(port);
        String host = address instanceof Inet6Address
                ? NetUtil.toAddressString(address) : address.getHostAddress();
        return new Destination(host, port, address);
    }

    /**
     * A name (SOCKS5 address type 3, or CONNECT's host); an IPv4 literal is taken as the address.
     *
     * @throws IllegalArgumentException when the name is not a host name
     */
    static Destination named(String name, int port) {
        requirePort(port);
        if (NetUtil.isValidIpV4Address(name)) {
            return address(NetUtil.createInetAddressFromIpAddressString(name), port);
        }
        if (NetUtil.isValidIpV6Address(name) && name.indexOf('%') < 0) {
            return address(NetUtil.createInetAddressFromIpAddressString(name), port);
        }
        String host = name.toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (host.isEmpty() || host.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("the host name is empty or longer than " + MAX_NAME_LENGTH);
        }
        for (String label : host.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > MAX_LABEL_LENGTH) {
                throw new IllegalArgumentException("the host name has an empty or over-long label");
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                    throw new IllegalArgumentException("the host name holds a character not allowed in names");
                }
            }
        }
        String last = host.substring(host.lastIndexOf('.') + 1);
        if (last.chars().allMatch(c -> c >= '0' && c <= '9')) {
            // not an IPv4 literal above, yet numeric: resolvers read such forms (1.2.3, 0x7f.1) as
            // addresses in ways a host rule's text would not foresee
            throw new IllegalArgumentException("the host is neither an IP address nor a name (numeric last label)");
        }
        return new Destination(host, port, null);
    }

    private static int parsePort(String text) {
        if (text.isEmpty() || text.length() > 5) {
            throw new IllegalArgumentException("the port is not 1..65535");
        }
        int port = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("the port is not a number");
            }
            port = port * 10 + (c - '0');
        }
        requirePort(port);
        return port;
    }

    private static void requirePort(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("the port is not 1..65535");
        }
    }

    /** {@code host:port}, an IPv6 host in brackets: the access log's authority. */
    String authority() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
