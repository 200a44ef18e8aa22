package io.meshgate.kernel.http;

import java.util.Locale;

/**
 * A parsed {@code Host} header (RFC 9112 §3.2, RFC 3986 host[:port]): the lowercased host without a
 * trailing dot (used for routing) and the port. Anything else (spaces, userinfo, bad port, junk
 * characters) is rejected, so routing and the forwarded {@code Host} can never disagree.
 */
public record Authority(String host, int port, String raw) {

    /** Parses a Host header value; returns null when it is not a valid authority. */
    public static Authority parse(String value) {
        if (value == null || value.isEmpty() || value.length() > 255 + 6) {
            return null;
        }
        String hostPart;
        int port = -1;
        if (value.charAt(0) == '[') {
            int close = value.indexOf(']');
            if (close < 0) {
                return null;
            }
            hostPart = value.substring(0, close + 1);
            if (!validIpv6Literal(hostPart.substring(1, close))) {
                return null;
            }
            if (close + 1 < value.length()) {
                if (value.charAt(close + 1) != ':') {
                    return null;
                }
                port = parsePort(value.substring(close + 2));
                if (port < 0) {
                    return null;
                }
            }
        } else {
            int colon = value.lastIndexOf(':');
            if (colon >= 0) {
                port = parsePort(value.substring(colon + 1));
                if (port < 0) {
                    return null;
                }
                hostPart = value.substring(0, colon);
            } else {
                hostPart = value;
            }
            if (!validRegName(hostPart)) {
                return null;
            }
        }
        String host = hostPart.toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (host.isEmpty()) {
            return null;
        }
        return new Authority(host, port, value);
    }

    private static int parsePort(String s) {
        if (s.isEmpty() || s.length() > 5) {
            return -1;
        }
        int p = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            p = p * 10 + (c - '0');
        }
        return p <= 65535 ? p : -1;
    }

    private static boolean validRegName(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean validIpv6Literal(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
