package io.meshgate.sidecar.init;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * The interception lists of a MeshConfig's {@code spec.traffic}: {@code outboundIPRangeExclusionList},
 * {@code outboundIPRangeInclusionList}, {@code outboundPortExclusionList} and
 * {@code inboundPortExclusionList}; absent lists are empty. Entries are checked like the flags'.
 */
public record MeshTrafficLists(List<String> outboundIpRangeExclusions, List<String> outboundIpRangeInclusions,
                               List<Integer> outboundPortExclusions, List<Integer> inboundPortExclusions) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public MeshTrafficLists {
        outboundIpRangeExclusions = List.copyOf(outboundIpRangeExclusions);
        outboundIpRangeInclusions = List.copyOf(outboundIpRangeInclusions);
        outboundPortExclusions = List.copyOf(outboundPortExclusions);
        inboundPortExclusions = List.copyOf(inboundPortExclusions);
    }

    /**
     * Reads the lists from a MeshConfig object in JSON (what {@code GET .../meshconfigs/NAME} answers).
     *
     * @throws IllegalArgumentException when the text is not a JSON object or a list holds a bad entry
     */
    public static MeshTrafficLists fromMeshConfig(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("the MeshConfig is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the MeshConfig is not a JSON object");
        }
        JsonNode traffic = root.path("spec").path("traffic");
        return new MeshTrafficLists(
                strings(traffic, "outboundIPRangeExclusionList").stream()
                        .map(c -> ExclusionLists.cidr("MeshConfig spec.traffic.outboundIPRangeExclusionList", c)).toList(),
                strings(traffic, "outboundIPRangeInclusionList").stream()
                        .map(c -> ExclusionLists.cidr("MeshConfig spec.traffic.outboundIPRangeInclusionList", c)).toList(),
                ports(traffic, "outboundPortExclusionList"),
                ports(traffic, "inboundPortExclusionList"));
    }

    private static List<String> strings(JsonNode traffic, String field) {
        List<String> out = new ArrayList<>();
        for (JsonNode item : traffic.path(field)) {
            out.add(item.asText().strip());
        }
        return out;
    }

    private static List<Integer> ports(JsonNode traffic, String field) {
        List<Integer> out = new ArrayList<>();
        for (JsonNode item : traffic.path(field)) {
            out.add(ExclusionLists.port("MeshConfig spec.traffic." + field, item.asText().strip()));
        }
        return out;
    }
}
