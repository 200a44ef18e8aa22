package io.meshgate.kernel.tls;

import java.net.InetAddress;

/**
 * What kind of destination an IP address is, as far as relaying to it is concerned. Global
 * passthrough uses it to keep an allow-listed name whose DNS answer points inside the gateway's own
 * network (its loopback, the cloud metadata service, the cluster's private ranges) from becoming a
 * relay into that network.
 */
public enum AddressRange {
    /** Anything not listed below: reachable on the internet. */
    PUBLIC,
    /** {@code 127.0.0.0/8}, {@code ::1}. */
    LOOPBACK,
    /** {@code 0.0.0.0/8}, {@code ::}: connecting to it reaches the local host on Linux. */
    UNSPECIFIED,
    /** {@code 169.254.0.0/16} (cloud metadata at 169.254.169.254), {@code fe80::/10}. */
    LINK_LOCAL,
    /** {@code 10.0.0.0/8}, {@code 172.16.0.0/12}, {@code 192.168.0.0/16}, {@code fc00::/7}, {@code fec0::/10}. */
    PRIVATE,
    /** {@code 100.64.0.0/10}: carrier-grade NAT, also used for pod and node networks. */
    SHARED,
    /** {@code 224.0.0.0/4}, {@code ff00::/8}. */
    MULTICAST,
    /** {@code 255.255.255.255}. */
    BROADCAST,
    /** {@code 240.0.0.0/4} (less the broadcast address): reserved, never a legitimate destination. */
    RESERVED;

    /**
     * The range of {@code address}. An IPv6 address that carries an IPv4 one is judged by its IPv4
     * part: IPv4-mapped ({@code ::ffff:a.b.c.d}) and IPv4-compatible ({@code ::a.b.c.d}), which a
     * dual-stack socket connects to over IPv4, and the NAT64 prefix ({@code 64:ff9b::a.b.c.d}), which
     * a translator forwards to that IPv4 address.
     */
    public static AddressRange of(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length == 4) {
            return ofIpv4(bytes, 0);
        }
        if (embedsIpv4(bytes)) {
            return ofIpv4(bytes, 12);
        }
        return ofIpv6(bytes);
    }

    private static AddressRange ofIpv4(byte[] bytes, int offset) {
        int a = bytes[offset] & 0xff;
        int b = bytes[offset + 1] & 0xff;
        if (a == 0) {
            return UNSPECIFIED;
        }
        if (a == 127) {
            return LOOPBACK;
        }
        if (a == 169 && b == 254) {
            return LINK_LOCAL;
        }
        if (a == 10 || (a == 172 && (b & 0xf0) == 16) || (a == 192 && b == 168)) {
            return PRIVATE;
        }
        if (a == 100 && (b & 0xc0) == 64) {
            return SHARED;
        }
        if ((a & 0xf0) == 224) {
            return MULTICAST;
        }
        if (a == 255 && b == 255 && (bytes[offset + 2] & 0xff) == 255 && (bytes[offset + 3] & 0xff) == 255) {
            return BROADCAST;
        }
        if ((a & 0xf0) == 240) {
            return RESERVED;
        }
        return PUBLIC;
    }

    private static AddressRange ofIpv6(byte[] bytes) {
        if (isZeroUpTo(bytes, 15)) {
            return switch (bytes[15]) {
                case 0 -> UNSPECIFIED;
                case 1 -> LOOPBACK;
                default -> RESERVED; // ::2 to ::ff, left over from IPv4-compatible addresses
            };
        }
        int first = bytes[0] & 0xff;
        int second = bytes[1] & 0xff;
        if (first == 0xff) {
            return MULTICAST;
        }
        if (first == 0xfe && (second & 0xc0) == 0x80) {
            return LINK_LOCAL;
        }
        if ((first & 0xfe) == 0xfc || (first == 0xfe && (second & 0xc0) == 0xc0)) {
            return PRIVATE;
        }
        return PUBLIC;
    }

    /**
     * {@code ::ffff:0:0/96}, {@code 64:ff9b::/96}, or {@code ::/96} with something in the last 32 bits
     * beyond {@code ::ff}.
     */
    private static boolean embedsIpv4(byte[] bytes) {
        if (bytes[0] == 0 && bytes[1] == 0x64 && bytes[2] == (byte) 0xff && bytes[3] == (byte) 0x9b) {
            return isZero(bytes, 4, 12);
        }
        if (!isZeroUpTo(bytes, 10)) {
            return false;
        }
        boolean mapped = bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
        boolean compatible = bytes[10] == 0 && bytes[11] == 0 && !isZeroUpTo(bytes, 15);
        return mapped || compatible;
    }

    private static boolean isZeroUpTo(byte[] bytes, int end) {
        return isZero(bytes, 0, end);
    }

    private static boolean isZero(byte[] bytes, int from, int end) {
        for (int i = from; i < end; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
