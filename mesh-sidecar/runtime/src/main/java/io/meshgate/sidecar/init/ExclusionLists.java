package io.meshgate.sidecar.init;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and checks the comma lists of {@code sidecar-init}'s exclusion and inclusion flags (and of the
 * MeshConfig's lists), so a typo stops the command with the flag and the entry named instead of
 * reaching iptables-restore half-applied. IPv4 only: the rules are programmed with {@code iptables}.
 */
public final class ExclusionLists {
    private static final Pattern IPV4_CIDR = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");

    private ExclusionLists() {}

    /**
     * IPv4 CIDRs such as {@code 10.0.0.0/8,192.168.1.10/32}; blanks around entries are ignored, an
     * empty or null text is the empty list, duplicates are dropped (first one kept).
     *
     * @param source what the list came from, for the message (a flag name or a MeshConfig field)
     * @throws IllegalArgumentException naming {@code source} and the bad entry
     */
    public static List<String> cidrs(String source, String text) {
        List<String> out = new ArrayList<>();
        for (String entry : entries(text)) {
            out.add(cidr(source, entry));
        }
        return distinct(out);
    }

    /** One IPv4 CIDR, checked. */
    public static String cidr(String source, String entry) {
        if (entry.contains(":")) {
            throw new IllegalArgumentException(source + ": '" + entry
                    + "' is an IPv6 range; sidecar-init programs IPv4 rules (iptables) only");
        }
        Matcher m = IPV4_CIDR.matcher(entry);
        if (!m.matches()) {
            throw new IllegalArgumentException(source + ": '" + entry
                    + "' is not an IPv4 CIDR such as 10.0.0.0/8 (a single address is a.b.c.d/32)");
        }
        for (int i = 1; i <= 4; i++) {
            if (Integer.parseInt(m.group(i)) > 255) {
                throw new IllegalArgumentException(source + ": '" + entry + "' has an octet above 255");
            }
        }
        if (Integer.parseInt(m.group(5)) > 32) {
            throw new IllegalArgumentException(source + ": '" + entry + "' has a prefix length above 32");
        }
        return entry;
    }

    /**
     * TCP ports such as {@code 22,5432}: whole numbers 1..65535 (as FSM requires, ports must be above 0).
     *
     * @throws IllegalArgumentException naming {@code source} and the bad entry
     */
    public static List<Integer> ports(String source, String text) {
        List<Integer> out = new ArrayList<>();
        for (String entry : entries(text)) {
            out.add(port(source, entry));
        }
        return distinct(out);
    }

    /** One port, checked. */
    public static int port(String source, String entry) {
        int port;
        try {
            port = Integer.parseInt(entry);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(source + ": '" + entry + "' is not a port number (1..65535)");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(source + ": port " + port + " is outside 1..65535");
        }
        return port;
    }

    /** {@code first} then the entries of {@code second} not in it: FSM merges a pod's lists with the mesh's this way. */
    public static <T> List<T> merge(List<T> first, List<T> second) {
        List<T> all = new ArrayList<>(first);
        all.addAll(second);
        return distinct(all);
    }

    private static List<String> entries(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        for (String part : text.split(",", -1)) {
            String entry = part.strip();
            if (!entry.isEmpty()) {
                out.add(entry);
            }
        }
        return out;
    }

    private static <T> List<T> distinct(List<T> values) {
        return List.copyOf(new LinkedHashSet<>(values));
    }
}
