package io.meshgate.kernel.observe;

import java.util.Locale;

/**
 * DNS-rebinding defence of the admin listener. A page on an attacker's domain can make a browser
 * resolve that domain to 127.0.0.1 and read {@code /config_dump} with the browser's same-origin
 * blessing; the browser still sends the attacker's name as {@code Host}. So only Host values that
 * name this listener without DNS are served: an IP literal, {@code localhost}, or the configured
 * bind address, each with an optional port. A request without Host (HTTP/1.0 tools) is served:
 * browsers always send one.
 */
final class AdminHostCheck {
    private final String bindAddress;

    AdminHostCheck(String bindAddress) {
        this.bindAddress = bindAddress == null ? "" : bindAddress.toLowerCase(Locale.ROOT);
    }

    boolean allows(String hostHeader) {
        if (hostHeader == null) {
            return true;
        }
        String host = withoutPort(hostHeader.trim().toLowerCase(Locale.ROOT));
        if (host == null) {
            return false;
        }
        return host.equals("localhost") || host.equals(bindAddress) || isIpv4(host) || isBracketedIpv6(host);
    }

    /** The host part, or null when what follows it is not a port. */
    private static String withoutPort(String authority) {
        int colon = authority.startsWith("[") ? authority.indexOf(':', Math.max(0, authority.indexOf(']')))
                : authority.indexOf(':');
        if (colon < 0) {
            return authority;
        }
        String port = authority.substring(colon + 1);
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        return authority.substring(0, colon);
    }

    private static boolean isIpv4(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    private static boolean isBracketedIpv6(String host) {
        if (host.length() < 4 || host.charAt(0) != '[' || host.charAt(host.length() - 1) != ']') {
            return false;
        }
        String inner = host.substring(1, host.length() - 1);
        // hex groups and colons (an embedded IPv4 tail adds dots): no name can look like this
        return inner.indexOf(':') >= 0 && inner.chars().allMatch(c -> c == ':' || c == '.'
                || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }
}
