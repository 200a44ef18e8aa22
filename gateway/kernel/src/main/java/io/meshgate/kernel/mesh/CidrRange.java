package io.meshgate.kernel.mesh;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 or IPv6 network in CIDR notation ({@code 10.0.0.0/8}, {@code fd00::/8}; a bare address is
 * a single host), as access grants list source ranges and destination rules list egress addresses. An
 * IPv4 client that reaches a dual-stack socket (seen as {@code ::ffff:a.b.c.d}) is judged by its IPv4
 * address. Public for the egress gateway's tunnel rules ({@code kernel.tunnel}), which judge requested
 * addresses the same way.
 */
public final class CidrRange {
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
        return parse(cidr, "source range");
    }

    /**
     * @param what names the value in error messages ({@code "source range"}, {@code "address"})
     * @throws IllegalArgumentException when {@code cidr} is not an IP literal with an optional prefix
     *                                  length within the address family's bits
     */
    public static CidrRange parse(String cidr, String what) {
        String s = cidr.strip();
        int slash = s.indexOf('/');
        String address = slash < 0 ? s : s.substring(0, slash);
        // literal parsing only: a host name here must never cause a DNS lookup
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
        if (bytes == null) {
            throw new IllegalArgumentException(what + " '" + cidr + "' is not an IP address or CIDR");
        }
        bytes = unmapped(bytes);
        int bits = bytes.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(what + " '" + cidr + "': prefix length is not a number");
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException(what + " '" + cidr + "': prefix length must be 0.." + bits);
            }
        }
        return new CidrRange(masked(bytes, prefix), prefix, s);
    }

    /** True when {@code address} lies in this range (never for the other address family). */
    public boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        // an IPv4-mapped IPv6 address (::ffff:a.b.c.d) compares as its last four bytes
        int offset = candidate.length == 16 && network.length == 4 && isIpv4Mapped(candidate) ? 12 : 0;
        if (candidate.length - offset != network.length) {
            return false;
        }
        // compared in place: connections are matched against ranges one by one, so no copy per check
        for (int i = 0; i < network.length; i++) {
            int keep = Math.max(0, Math.min(8, prefixLength - i * 8));
            if ((byte) (candidate[offset + i] & (0xff << (8 - keep))) != network[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIpv4Mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
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
