package io.meshgate.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class JsonPatchLimitsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static ObjectNode document() {
        ObjectNode doc = MAPPER.createObjectNode();
        doc.putObject("spec").put("payload", "x".repeat(1000));
        return doc;
    }

    /** {@code count} operations copying /spec into itself: each doubles the document. */
    private static ArrayNode doublings(int count) {
        ArrayNode patch = MAPPER.createArrayNode();
        for (int i = 0; i < count; i++) {
            patch.addObject().put("op", "copy").put("from", "/spec").put("path", "/spec/a" + i);
        }
        return patch;
    }

    @Test
    void aDoublingCopyBombStopsAtTheOperationThatCrossesTheLimit() {
        JsonPatchLimits limits = new JsonPatchLimits(100, 100_000);

        assertThatThrownBy(() -> JsonPatch.apply(document(), doublings(45), limits))
                .isInstanceOfSatisfying(JsonPatchLimitException.class, e -> {
                    assertThat(e.limit()).isEqualTo(JsonPatchLimitException.Limit.DOCUMENT_SIZE);
                    // 1 KB doubles past 100 000 characters at the seventh copy
                    assertThat(e.operation()).isEqualTo(6);
                    assertThat(e).hasMessageStartingWith("operation 6: ");
                });
    }

    @Test
    void theDefaultLimitStopsFortyFiveDoublingsQuickly() {
        long started = System.nanoTime();

        assertThatThrownBy(() -> JsonPatch.apply(document(), doublings(45)))
                .isInstanceOf(JsonPatchLimitException.class);
        assertThat(System.nanoTime() - started).isLessThan(5_000_000_000L);
    }

    @Test
    void copyingAndRemovingTheSameSubtreeRepeatedlyIsBoundedToo() {
        ArrayNode patch = MAPPER.createArrayNode();
        for (int i = 0; i < 200; i++) {
            patch.addObject().put("op", "copy").put("from", "/spec").put("path", "/copy");
            patch.addObject().put("op", "remove").put("path", "/copy");
        }

        assertThatThrownBy(() -> JsonPatch.apply(document(), patch, new JsonPatchLimits(1000, 50_000)))
                .isInstanceOfSatisfying(JsonPatchLimitException.class,
                        e -> assertThat(e.getMessage()).contains("copy operations"));
    }

    @Test
    void tooManyOperationsAreRefusedBeforeAnyRuns() {
        ArrayNode patch = MAPPER.createArrayNode();
        for (int i = 0; i < 11; i++) {
            patch.addObject().put("op", "test").put("path", "/spec/payload").put("value", "wrong");
        }

        assertThatThrownBy(() -> JsonPatch.apply(document(), patch, new JsonPatchLimits(10, 1_000_000)))
                .isInstanceOfSatisfying(JsonPatchLimitException.class, e -> {
                    assertThat(e.limit()).isEqualTo(JsonPatchLimitException.Limit.OPERATIONS);
                    assertThat(e.operation()).isEqualTo(10);
                });
    }

    @Test
    void patchesWithinTheLimitsApplyAsBeforeAndShrinkingIsAlwaysAllowed() {
        ObjectNode big = document();
        ((ObjectNode) big.get("spec")).put("payload", "x".repeat(2000));
        ArrayNode patch = MAPPER.createArrayNode();
        patch.addObject().put("op", "replace").put("path", "/spec/payload").put("value", "small");
        patch.addObject().put("op", "copy").put("from", "/spec/payload").put("path", "/spec/copy");
        patch.addObject().put("op", "move").put("from", "/spec/copy").put("path", "/spec/moved");

        JsonNode result = JsonPatch.apply(big, patch, new JsonPatchLimits(10, 1000));

        assertThat(result.at("/spec/payload").asText()).isEqualTo("small");
        assertThat(result.at("/spec/moved").asText()).isEqualTo("small");
        assertThat(result.at("/spec").has("copy")).isFalse();
        assertThat(big.at("/spec/payload").asText()).hasSize(2000);
    }

    @Test
    void jsonSizeMatchesCompactJson() throws Exception {
        JsonNode node = MAPPER.readTree("{\"a\":[1,true,null,\"x\"],\"b\":{\"c\":2.5},\"d\":{}}");

        assertThat(JsonSize.of(node)).isEqualTo(MAPPER.writeValueAsString(node).length());
    }
}
