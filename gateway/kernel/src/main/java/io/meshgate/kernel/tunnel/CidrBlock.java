package io.meshgate.kernel.tunnel;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An IPv4 or IPv6 network in CIDR notation ({@code 203.0.113.0/24}, {@code 2001:db8::/32}; a bare address
 * is one host), as a {@link io.meshgate.config.TunnelRule}'s addresses. An IPv4-mapped IPv6 address
 * ({@code ::ffff:a.b.c.d}) is judged as its IPv4 address. The mesh listeners' source ranges have the
 * same logic in {@code mesh.CidrRange}, which is that package's own; this one is the tunnel rules'.
 */
final class CidrBlock {
    private final byte[] network;
    private final int prefixLength;
    private final String text;

    private CidrBlock(byte[] network, int prefixLength, String text) {
        this.network = network;
        this.prefixLength = prefixLength;
        this.text = text;
    }

    /** @throws IllegalArgumentException when {@code cidr} is not an IP literal with an optional prefix length */
    static CidrBlock parse(String cidr) {
        String s = cidr == null ? "" : cidr.strip();
        int slash = s.indexOf('/');
        String address = slash < 0 ? s : s.substring(0, slash);
        // literal parsing only: a name here must never cause a lookup
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
        if (bytes == null) {
            throw new IllegalArgumentException("address '" + cidr + "' is not an IP address or CIDR");
        }
        bytes = unmapped(bytes);
        int bits = bytes.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String length = s.substring(slash + 1);
            if (length.isEmpty() || length.length() > 3 || !length.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("address '" + cidr + "': the prefix length is not a number");
            }
            prefix = Integer.parseInt(length);
            if (prefix > bits) {
                throw new IllegalArgumentException("address '" + cidr + "': the prefix length must be 0.." + bits);
            }
        }
        return new CidrBlock(masked(bytes, prefix), prefix, s);
    }

    /** True when {@code address} lies in this block (never for the other address family). */
    boolean contains(InetAddress address) {
        byte[] candidate = unmapped(address.getAddress());
        return candidate.length == network.length && Arrays.equals(masked(candidate, prefixLength), network);
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
