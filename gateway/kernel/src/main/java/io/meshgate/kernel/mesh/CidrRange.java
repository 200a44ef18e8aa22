package io.meshgate.kernel.mesh;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 or IPv6 network in CIDR notation ({@code 10.0.0.0/8}, {@code fd00::/8}; a bare address is
 * a single host), as access grants list source ranges. An IPv4 client that reaches a dual-stack
 * socket (seen as {@code ::ffff:a.b.c.d}) is judged by its IPv4 address.
 */
final class CidrRange {
    private final byte[] network;
    private final int prefixLength;
    private final String text;

    private CidrRange(byte[] network, int prefixLength, String text) {
        this.network = network;
        this.prefixLength = prefixLength;
        this.text = text;
    }

    /**
     * @throws IllegalArgumentException when {@code cidr} is not an IP literal with an optional prefix
     *                                  length within the address family's bits
     */
    static CidrRange parse(String cidr) {
        String s = cidr.strip();
        int slash = s.indexOf('/');
        String address = slash < 0 ? s : s.substring(0, slash);
        // literal parsing only: a host name here must never cause a DNS lookup
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
        if (bytes == null) {
            throw new IllegalArgumentException("source range '" + cidr + "' is not an IP address or CIDR");
        }
        bytes = unmapped(bytes);
        int bits = bytes.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("source range '" + cidr + "': prefix length is not a number");
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("source range '" + cidr + "': prefix length must be 0.." + bits);
            }
        }
        return new CidrRange(masked(bytes, prefix), prefix, s);
    }

    /** True when {@code address} lies in this range (never for the other address family). */
    boolean contains(InetAddress address) {
        byte[] candidate = unmapped(address.getAddress());
        if (candidate.length != network.length) {
            return false;
        }
        return java.util.Arrays.equals(masked(candidate, prefixLength), network);
    }

    private static byte[] masked(byte[] bytes, int prefix) {
        byte[] out = bytes.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] &= (byte) (0xff << (8 - keep));
        }
        return out;
    }

    private static byte[] unmapped(byte[] bytes) {
        try {
            // the JDK turns ::ffff:a.b.c.d into its IPv4 address
            return InetAddress.getByAddress(bytes).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + bytes.length + " bytes", e);
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
