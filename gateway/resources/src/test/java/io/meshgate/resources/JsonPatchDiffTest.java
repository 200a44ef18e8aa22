package io.meshgate.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonPatchDiffTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"a\":1,\"b\":{\"c\":[1,2,3]}}     | {\"a\":2,\"b\":{\"c\":[1,3]},\"d\":null}",
            "{\"ports\":[{\"port\":80}]}         | {\"ports\":[{\"port\":80},{\"port\":443,\"name\":\"https\"}]}",
            "{\"a/b\":1,\"m~n\":{\"x\":true}}    | {\"a/b\":2,\"m~n\":{}}",
            "[1,2,3,4]                           | [4]",
            "{\"a\":[1]}                         | {\"a\":{\"0\":1}}",
            "{\"a\":1}                           | [\"whole\", \"document\"]",
            "{}                                  | {}"})
    void applyingTheDiffToBeforeGivesAfter(String before, String after) throws Exception {
        JsonNode from = JSON.readTree(before);
        JsonNode to = JSON.readTree(after);

        ArrayNode patch = JsonPatchDiff.diff(from, to);

        assertThat(JsonPatch.apply(from, patch)).isEqualTo(to);
        assertThat(from).isEqualTo(JSON.readTree(before));
    }

    @Test
    void aChangedPortIsOneReplaceWithAnEscapedPointer() throws Exception {
        JsonNode before = JSON.readTree("{\"metadata\":{\"annotations\":{\"pipy.ingress.kubernetes.io/lb-type\":\"hashing\"}},"
                + "\"spec\":{\"ports\":[{\"port\":80}]}}");
        JsonNode after = JSON.readTree("{\"metadata\":{\"annotations\":{\"pipy.ingress.kubernetes.io/lb-type\":\"least-work\"}},"
                + "\"spec\":{\"ports\":[{\"port\":8080}]}}");

        assertThat(JsonPatchDiff.diff(before, after)).isEqualTo(JSON.readTree("""
                [{"op":"replace","path":"/metadata/annotations/pipy.ingress.kubernetes.io~1lb-type","value":"least-work"},
                 {"op":"replace","path":"/spec/ports/0/port","value":8080}]"""));
        assertThat(JsonPatchDiff.diff(after, after)).isEmpty();
    }

    @Test
    void theDiffOfTwoSeedVersionsOfAResourceReplaysOntoTheFirst() {
        ResourceCodec codec = new ResourceCodec();
        Resource first = codec.parseYaml(SeedFiles.applies("1-traffic-management.yaml").get(5).expanded()).get(0);
        Resource later = codec.parseYaml(SeedFiles.applies("1-traffic-management.yaml").get(7).expanded()).get(0);
        assertThat(first.kind()).isEqualTo("TrafficSplit");
        assertThat(later.kind()).isEqualTo("TrafficSplit");

        ArrayNode patch = JsonPatchDiff.diff(first.toJson(), later.toJson());

        assertThat(patch).hasSize(2);
        assertThat(codec.fromJson(JsonPatch.apply(first.toJson(), patch))).isEqualTo(later);
    }

    @Test
    void jsonPatchSupportsEverySixOperationAndFailsAsAWhole() throws Exception {
        JsonNode document = JSON.readTree("{\"a\":{\"b\":1},\"list\":[1,2]}");
        ArrayNode patch = (ArrayNode) JSON.readTree("""
                [{"op":"test","path":"/a/b","value":1},
                 {"op":"copy","from":"/a","path":"/c"},
                 {"op":"move","from":"/a/b","path":"/moved"},
                 {"op":"add","path":"/list/-","value":3},
                 {"op":"add","path":"/list/0","value":0},
                 {"op":"remove","path":"/list/1"}]""");

        assertThat(JsonPatch.apply(document, patch)).isEqualTo(JSON.readTree(
                "{\"a\":{},\"list\":[0,2,3],\"c\":{\"b\":1},\"moved\":1}"));
        assertThatThrownBy(() -> JsonPatch.apply(document, (ArrayNode) JSON.readTree(
                "[{\"op\":\"test\",\"path\":\"/a/b\",\"value\":2}]"))).hasMessageContaining("test failed");
        assertThatThrownBy(() -> JsonPatch.apply(document, (ArrayNode) JSON.readTree(
                "[{\"op\":\"remove\",\"path\":\"/missing\"}]"))).hasMessageContaining("operation 0");
        assertThatThrownBy(() -> JsonPatch.apply(document, (ArrayNode) JSON.readTree(
                "[{\"op\":\"replace\",\"path\":\"/list/9\",\"value\":1}]"))).hasMessageContaining("out of range");
        assertThat(document).isEqualTo(JSON.readTree("{\"a\":{\"b\":1},\"list\":[1,2]}"));
    }
}
