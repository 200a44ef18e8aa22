package io.meshgate.sidecar.init;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The MeshConfig's lists read strictly: every bad shape is an error naming the field (ExclusionListsTest has the good case). */
class MeshTrafficListsTest {

    @Test
    void absentOrNullListsAndObjectsAreEmpty() {
        MeshTrafficLists none = new MeshTrafficLists(List.of(), List.of(), List.of(), List.of());

        assertThat(MeshTrafficLists.fromMeshConfig("{\"kind\":\"MeshConfig\"}")).isEqualTo(none);
        assertThat(MeshTrafficLists.fromMeshConfig("{\"spec\":null}")).isEqualTo(none);
        assertThat(MeshTrafficLists.fromMeshConfig("{\"spec\":{\"traffic\":{\"inboundPortExclusionList\":null}}}")).isEqualTo(none);
    }

    @Test
    void takesPortsAsNumbersOrDigitsAndStripsEntries() {
        MeshTrafficLists lists = MeshTrafficLists.fromMeshConfig("""
                {"spec":{"traffic":{"outboundIPRangeInclusionList":[" 10.1.0.0/16 "],
                  "outboundPortExclusionList":[22," 5432"],"inboundPortExclusionList":[15021]}}}""");

        assertThat(lists).isEqualTo(new MeshTrafficLists(List.of(), List.of("10.1.0.0/16"), List.of(22, 5432), List.of(15021)));
    }

    @Test
    void aDocumentThatIsNotOneJsonObjectIsRefused() {
        assertThatThrownBy(() -> MeshTrafficLists.fromMeshConfig("<html>"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("the MeshConfig is not JSON: ");
        assertThatThrownBy(() -> MeshTrafficLists.fromMeshConfig("[]"))
                .hasMessage("the MeshConfig is not a JSON object but an array");
        assertThatThrownBy(() -> MeshTrafficLists.fromMeshConfig("{\"spec\":{}} {}"))
                .hasMessageStartingWith("the MeshConfig is not one JSON object: more follows it");
        assertThatThrownBy(() -> MeshTrafficLists.fromMeshConfig("{\"spec\":{\"traffic\":{},\"traffic\":{}}}"))
                .hasMessageStartingWith("the MeshConfig is not strict JSON: spec.traffic appears twice");
    }

    @Test
    void aFieldOfAnotherTypeIsNamed() {
        assertThatThrownBy(() -> MeshTrafficLists.fromMeshConfig("{\"spec\":\"traffic\"}"))
                .hasMessage("MeshConfig spec must be an object, not a string");
        assertThatThrownBy(() -> MeshTrafficLists.fromMeshConfig("{\"spec\":{\"traffic\":[]}}"))
                .hasMessage("MeshConfig spec.traffic must be an object, not an array");
        assertThatThrownBy(() -> MeshTrafficLists.fromMeshConfig(
                "{\"spec\":{\"traffic\":{\"outboundPortExclusionList\":\"22,5432\"}}}"))
                .hasMessage("MeshConfig spec.traffic.outboundPortExclusionList must be an array, not a string");
        assertThatThrownBy(() -> MeshTrafficLists.fromMeshConfig(
                "{\"spec\":{\"traffic\":{\"outboundIPRangeExclusionList\":[\"10.0.0.0/8\",167772160]}}}"))
                .hasMessage("MeshConfig spec.traffic.outboundIPRangeExclusionList[1] must be a string such as 10.0.0.0/8, not a number");
        assertThatThrownBy(() -> MeshTrafficLists.fromMeshConfig(
                "{\"spec\":{\"traffic\":{\"inboundPortExclusionList\":[null]}}}"))
                .hasMessage("MeshConfig spec.traffic.inboundPortExclusionList[0] must be a port number, not null");
    }

    @Test
    void aBadEntryIsNamedWithItsList() {
        assertThatThrownBy(() -> MeshTrafficLists.fromMeshConfig(
                "{\"spec\":{\"traffic\":{\"inboundPortExclusionList\":[22.5]}}}"))
                .hasMessage("MeshConfig spec.traffic.inboundPortExclusionList: '22.5' is not a port number (1..65535)");
        assertThatThrownBy(() -> MeshTrafficLists.fromMeshConfig(
                "{\"spec\":{\"traffic\":{\"outboundIPRangeInclusionList\":[\"10.0.0.0/33\"]}}}"))
                .hasMessage("MeshConfig spec.traffic.outboundIPRangeInclusionList: '10.0.0.0/33' has a prefix length above 32");
    }
}
