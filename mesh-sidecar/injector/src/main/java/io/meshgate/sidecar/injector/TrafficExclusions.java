package io.meshgate.sidecar.injector;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The four lists FSM's init container programs into iptables: outbound IP ranges excluded from (or,
 * when any are listed, the only ones sent through) the sidecar, and outbound and inbound ports that
 * bypass it. The mesh's come from MeshConfig {@code spec.traffic}; a pod adds its own with FSM's
 * annotations ({@link #fromPodAnnotations}), merged with the mesh's, deduplicated, pod's first
 * (FSM's {@code MergeIPRangeLists}, {@code MergePortExclusionLists}).
 *
 * @param outboundIpRangeExclusions IPv4 CIDRs that leave without the sidecar
 * @param outboundIpRangeInclusions IPv4 CIDRs that go through it; empty means all
 * @param outboundPortExclusions    destination ports that leave without it
 * @param inboundPortExclusions     local ports reached without it
 */
public record TrafficExclusions(List<String> outboundIpRangeExclusions, List<String> outboundIpRangeInclusions,
                                List<Integer> outboundPortExclusions, List<Integer> inboundPortExclusions) {
    public static final String OUTBOUND_IP_RANGE_EXCLUSION = "flomesh.io/outbound-ip-range-exclusion-list";
    public static final String OUTBOUND_IP_RANGE_INCLUSION = "flomesh.io/outbound-ip-range-inclusion-list";
    public static final String OUTBOUND_PORT_EXCLUSION = "flomesh.io/outbound-port-exclusion-list";
    public static final String INBOUND_PORT_EXCLUSION = "flomesh.io/inbound-port-exclusion-list";

    public static final TrafficExclusions NONE = new TrafficExclusions(List.of(), List.of(), List.of(), List.of());

    public TrafficExclusions {
        outboundIpRangeExclusions = List.copyOf(outboundIpRangeExclusions);
        outboundIpRangeInclusions = List.copyOf(outboundIpRangeInclusions);
        outboundPortExclusions = List.copyOf(outboundPortExclusions);
        inboundPortExclusions = List.copyOf(inboundPortExclusions);
    }

    /**
     * Reads FSM's pod annotations (comma-separated lists).
     *
     * @throws InjectionRefusedException naming the annotation and the entry that is not an IPv4 CIDR or a port
     */
    public static TrafficExclusions fromPodAnnotations(Map<String, String> annotations) {
        Map<String, String> a = annotations == null ? Map.of() : annotations;
        return new TrafficExclusions(
                cidrs(OUTBOUND_IP_RANGE_EXCLUSION, a.get(OUTBOUND_IP_RANGE_EXCLUSION)),
                cidrs(OUTBOUND_IP_RANGE_INCLUSION, a.get(OUTBOUND_IP_RANGE_INCLUSION)),
                ports(OUTBOUND_PORT_EXCLUSION, a.get(OUTBOUND_PORT_EXCLUSION)),
                ports(INBOUND_PORT_EXCLUSION, a.get(INBOUND_PORT_EXCLUSION)));
    }

    /** This pod's lists first, then the mesh's entries it does not already have. */
    public TrafficExclusions mergedWith(TrafficExclusions mesh) {
        return new TrafficExclusions(union(outboundIpRangeExclusions, mesh.outboundIpRangeExclusions),
                union(outboundIpRangeInclusions, mesh.outboundIpRangeInclusions),
                union(outboundPortExclusions, mesh.outboundPortExclusions),
                union(inboundPortExclusions, mesh.inboundPortExclusions));
    }

    private static <T> List<T> union(List<T> first, List<T> second) {
        LinkedHashSet<T> all = new LinkedHashSet<>(first);
        all.addAll(second);
        return List.copyOf(all);
    }

    private static List<String> cidrs(String annotation, String value) {
        List<String> out = new ArrayList<>();
        for (String entry : entries(value)) {
            if (!isIpv4Cidr(entry)) {
                throw new InjectionRefusedException(field(annotation),
                        "'" + entry + "' is not an IPv4 CIDR (a.b.c.d/n; a.b.c.d/32 for one address)");
            }
            out.add(entry);
        }
        return out;
    }

    private static List<Integer> ports(String annotation, String value) {
        List<Integer> out = new ArrayList<>();
        for (String entry : entries(value)) {
            int port = number(entry, 65535);
            if (port < 1) {
                throw new InjectionRefusedException(field(annotation), "'" + entry + "' is not a port (1..65535)");
            }
            out.add(port);
        }
        return out;
    }

    static String field(String annotation) {
        return "metadata.annotations[" + annotation + "]";
    }

    private static List<String> entries(String value) {
        List<String> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        for (String part : value.split(",", -1)) {
            String entry = part.strip();
            if (!entry.isEmpty()) {
                out.add(entry);
            }
        }
        return out;
    }

    /** Dotted-quad address and a prefix length, each part decimal without sign or leading zeros. */
    static boolean isIpv4Cidr(String text) {
        int slash = text.indexOf('/');
        if (slash < 0 || number(text.substring(slash + 1), 32) < 0) {
            return false;
        }
        String[] octets = text.substring(0, slash).split("\\.", -1);
        if (octets.length != 4) {
            return false;
        }
        for (String octet : octets) {
            if (number(octet, 255) < 0) {
                return false;
            }
        }
        return true;
    }

    /** The decimal value of {@code text} when it is 0..max, else -1. */
    private static int number(String text, int max) {
        if (text.isEmpty() || text.length() > 5 || (text.length() > 1 && text.charAt(0) == '0')) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value <= max ? value : -1;
    }
}
