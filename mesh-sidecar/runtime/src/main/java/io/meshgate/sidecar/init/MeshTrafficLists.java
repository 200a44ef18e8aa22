package io.meshgate.sidecar.init;

import io.meshgate.client.StrictJsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The interception lists of a MeshConfig's {@code spec.traffic}: {@code outboundIPRangeExclusionList},
 * {@code outboundIPRangeInclusionList}, {@code outboundPortExclusionList} and
 * {@code inboundPortExclusionList}; absent (or null) lists are empty. Entries are checked like the flags';
 * the document is read strictly ({@link StrictJsonObject}: one object, no field twice, bounded size), and
 * a list, {@code spec} or {@code traffic} of another JSON type is an error naming it.
 */
public record MeshTrafficLists(List<String> outboundIpRangeExclusions, List<String> outboundIpRangeInclusions,
                               List<Integer> outboundPortExclusions, List<Integer> inboundPortExclusions) {

    public MeshTrafficLists {
        outboundIpRangeExclusions = List.copyOf(outboundIpRangeExclusions);
        outboundIpRangeInclusions = List.copyOf(outboundIpRangeInclusions);
        outboundPortExclusions = List.copyOf(outboundPortExclusions);
        inboundPortExclusions = List.copyOf(inboundPortExclusions);
    }

    /**
     * Reads the lists from a MeshConfig object in JSON (what {@code GET .../meshconfigs/NAME} answers).
     *
     * @throws IllegalArgumentException when the text is not a JSON object, a field on the way to a list or
     *                                  a list is of another type, or a list holds a bad entry (each named)
     */
    public static MeshTrafficLists fromMeshConfig(String json) {
        StrictJsonObject root;
        try {
            root = StrictJsonObject.parse(json);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the MeshConfig is " + e.getMessage(), e);
        }
        Optional<StrictJsonObject> traffic = shaped(() -> root.object("spec").flatMap(spec -> spec.object("traffic")));
        return new MeshTrafficLists(
                cidrs(traffic, "outboundIPRangeExclusionList"),
                cidrs(traffic, "outboundIPRangeInclusionList"),
                ports(traffic, "outboundPortExclusionList"),
                ports(traffic, "inboundPortExclusionList"));
    }

    /** Runs {@code read}; a field of another JSON type is named as the MeshConfig's ("MeshConfig spec must be an object, ..."). */
    private static <T> T shaped(Supplier<T> read) {
        try {
            return read.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("MeshConfig " + e.getMessage(), e);
        }
    }

    private static List<String> cidrs(Optional<StrictJsonObject> traffic, String field) {
        List<String> out = new ArrayList<>();
        if (traffic.isEmpty()) {
            return out;
        }
        String path = traffic.get().path(field);
        List<?> items = shaped(() -> traffic.get().array(field));
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof String cidr)) {
                throw new IllegalArgumentException("MeshConfig " + path + "[" + i + "] must be a string such as"
                        + " 10.0.0.0/8, not " + StrictJsonObject.describe(items.get(i)));
            }
            out.add(ExclusionLists.cidr("MeshConfig " + path, cidr.strip()));
        }
        return out;
    }

    /** Ports are JSON numbers (FSM's type); a string of digits is taken too, as before. */
    private static List<Integer> ports(Optional<StrictJsonObject> traffic, String field) {
        List<Integer> out = new ArrayList<>();
        if (traffic.isEmpty()) {
            return out;
        }
        String path = traffic.get().path(field);
        List<?> items = shaped(() -> traffic.get().array(field));
        for (int i = 0; i < items.size(); i++) {
            Object item = items.get(i);
            if (!(item instanceof Number) && !(item instanceof String)) {
                throw new IllegalArgumentException("MeshConfig " + path + "[" + i + "] must be a port number, not "
                        + StrictJsonObject.describe(item));
            }
            out.add(ExclusionLists.port("MeshConfig " + path, item.toString().strip()));
        }
        return out;
    }
}
