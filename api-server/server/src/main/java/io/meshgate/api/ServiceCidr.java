package io.meshgate.api;

import io.meshgate.resources.schema.IpAddresses;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * The block Service cluster IPs come from ({@code --service-cidr}, Kubernetes' default
 * {@value #DEFAULT_TEXT}). Its first address (the network) and its last (the IPv4 broadcast, kept
 * out for IPv6 too) are never handed out. Addresses are numbers here, so one code path serves IPv4
 * and IPv6.
 */
public final class ServiceCidr {
    /** Kubernetes' default service CIDR. */
    public static final String DEFAULT_TEXT = "10.96.0.0/12";
    public static final ServiceCidr DEFAULT = parse(DEFAULT_TEXT);

    private final boolean ipv6;
    private final BigInteger network;
    private final BigInteger last;
    private final int prefix;

    private ServiceCidr(boolean ipv6, BigInteger network, int prefix) {
        this.ipv6 = ipv6;
        this.network = network;
        this.prefix = prefix;
        this.last = network.add(BigInteger.ONE.shiftLeft(width() - prefix)).subtract(BigInteger.ONE);
    }

    /**
     * Parses {@code 10.96.0.0/12} or {@code fd00:10:96::/108}.
     *
     * @throws IllegalArgumentException for anything else, for host bits set after the prefix
     *                                  ({@code 10.96.0.1/12}), and for blocks with no address to give
     */
    public static ServiceCidr parse(String text) {
        String value = text == null ? "" : text.trim();
        if (!IpAddresses.isCidr(value)) {
            throw new IllegalArgumentException("service CIDR must be a CIDR block such as " + DEFAULT_TEXT
                    + " or fd00:10:96::/108, got '" + text + "'");
        }
        int slash = value.indexOf('/');
        Address address = Address.parse(value.substring(0, slash));
        int prefix = Integer.parseInt(value.substring(slash + 1));
        ServiceCidr cidr = new ServiceCidr(address.ipv6(), address.number(), prefix);
        if (prefix > cidr.width() - 2) {
            throw new IllegalArgumentException("service CIDR " + value + " is too small: it needs a prefix of at most /"
                    + (cidr.width() - 2) + " to hold an address besides its first and last");
        }
        BigInteger hostBits = BigInteger.ONE.shiftLeft(cidr.width() - prefix).subtract(BigInteger.ONE);
        if (!address.number().and(hostBits).equals(BigInteger.ZERO)) {
            BigInteger masked = address.number().andNot(hostBits);
            throw new IllegalArgumentException("service CIDR " + value + " has bits set after its prefix: did you mean "
                    + format(masked, address.ipv6()) + "/" + prefix + "?");
        }
        return cidr;
    }

    /** True when {@code ip} (a literal) is an address this block may hand out (not its first or last). */
    public boolean assignable(String ip) {
        Address a = Address.parse(ip);
        return a.ipv6() == ipv6 && a.number().compareTo(network) > 0 && a.number().compareTo(last) < 0;
    }

    /** The lowest address this block may hand out. */
    BigInteger first() {
        return network.add(BigInteger.ONE);
    }

    /** The highest address this block may hand out. */
    BigInteger lastAssignable() {
        return last.subtract(BigInteger.ONE);
    }

    /** An address of this block's family as text (IPv6 in RFC 5952 short form). */
    String format(BigInteger number) {
        return format(number, ipv6);
    }

    /** A literal as a number, when it is of this block's family; null otherwise. */
    BigInteger numberOf(String ip) {
        Address a = Address.parse(ip);
        return a.ipv6() == ipv6 ? a.number() : null;
    }

    private int width() {
        return ipv6 ? 128 : 32;
    }

    @Override
    public String toString() {
        return format(network, ipv6) + "/" + prefix;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ServiceCidr other && other.ipv6 == ipv6 && other.network.equals(network)
                && other.prefix == prefix;
    }

    @Override
    public int hashCode() {
        return Objects.hash(ipv6, network, prefix);
    }

    private static String format(BigInteger number, boolean ipv6) {
        if (!ipv6) {
            long v = number.longValueExact();
            return ((v >> 24) & 0xff) + "." + ((v >> 16) & 0xff) + "." + ((v >> 8) & 0xff) + "." + (v & 0xff);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = number.shiftRight(16 * (7 - i)).intValue() & 0xffff;
        }
        // RFC 5952: the longest run (first on a tie) of two or more zero groups becomes "::"
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }

    /** An IP literal as a number and its family. */
    record Address(boolean ipv6, BigInteger number) {
        /** @throws IllegalArgumentException unless {@code ip} is an IPv4 or IPv6 literal */
        static Address parse(String ip) {
            if (ip == null || !IpAddresses.isIp(ip)) {
                throw new IllegalArgumentException("not an IP address: '" + ip + "'");
            }
            try {
                // a checked literal: getByName parses it without any name lookup
                InetAddress address = InetAddress.getByName(ip);
                return new Address(!(address instanceof Inet4Address), new BigInteger(1, address.getAddress()));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("not an IP address: '" + ip + "'", e);
            }
        }
    }
}
