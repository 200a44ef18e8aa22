package io.meshgate.console.forms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import io.meshgate.console.api.Json;
import io.meshgate.resources.MergePatch;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MergePatchesTest {
    private static final JsonNode MESH = Json.read("""
            {"spec":{"traffic":{"enableEgress":true,"enablePermissiveTrafficPolicyMode":true},
                     "featureFlags":{"enableRetryPolicy":false},
                     "ingress":{"tls":{"enabled":false}}}}""");

    @Test
    void nestedSetAndRemove() {
        assertThat(Json.write(MergePatches.set(List.of("spec", "traffic", "enableEgress"), BooleanNode.FALSE)))
                .isEqualTo("{\"spec\":{\"traffic\":{\"enableEgress\":false}}}");
        assertThat(Json.write(MergePatches.annotation("meshgate.io/tls-passthrough", null)))
                .isEqualTo("{\"metadata\":{\"annotations\":{\"meshgate.io/tls-passthrough\":null}}}");
    }

    @Test
    void onlyChangedFieldsAreSent() {
        Map<List<String>, JsonNode> desired = new LinkedHashMap<>();
        desired.put(List.of("spec", "traffic", "enableEgress"), BooleanNode.FALSE);
        desired.put(List.of("spec", "traffic", "enablePermissiveTrafficPolicyMode"), BooleanNode.TRUE);
        desired.put(List.of("spec", "ingress", "tls", "sslPassthrough", "upstreamPort"), IntNode.valueOf(8443));
        JsonNode patch = MergePatches.changes(MESH, desired);
        assertThat(Json.write(patch)).isEqualTo(
                "{\"spec\":{\"traffic\":{\"enableEgress\":false},\"ingress\":{\"tls\":{\"sslPassthrough\":{\"upstreamPort\":8443}}}}}");
    }

    @Test
    void patchAppliedByTheApiRulesGivesNoMismatch() {
        Map<List<String>, JsonNode> desired = Map.of(
                List.of("spec", "featureFlags", "enableRetryPolicy"), BooleanNode.TRUE,
                List.of("spec", "ingress", "tls", "enabled"), BooleanNode.TRUE);
        JsonNode stored = MergePatch.apply(MESH, MergePatches.changes(MESH, desired));
        assertThat(MergePatches.mismatches(stored, desired)).isEmpty();
        assertThat(MergePatches.mismatches(MESH, desired)).hasSize(2);
        assertThat(stored.path("spec").path("traffic")).isEqualTo(MESH.path("spec").path("traffic"));
    }

    @Test
    void nothingToSendWhenEqual() {
        assertThat(MergePatches.changes(MESH, Map.of(List.of("spec", "traffic", "enableEgress"), BooleanNode.TRUE)))
                .isEmpty();
    }

    @Test
    void fieldPathsMatchTheApiNotation() {
        assertThat(MergePatches.fieldPath(List.of("spec", "traffic", "enableEgress"))).isEqualTo("spec.traffic.enableEgress");
        assertThat(MergePatches.fieldPath(List.of("metadata", "annotations", "meshgate.io/tls-passthrough")))
                .isEqualTo("metadata.annotations[meshgate.io/tls-passthrough]");
    }

    @Test
    void settingsFallBackToFsmDefaults() {
        assertThat(MeshConfigSetting.EGRESS.effective(MESH)).isEqualTo(BooleanNode.TRUE);
        assertThat(MeshConfigSetting.PLUGIN.effective(MESH)).isEqualTo(BooleanNode.FALSE);
        assertThat(MeshConfigSetting.PASSTHROUGH_PORT.effective(MESH)).isEqualTo(IntNode.valueOf(443));
        assertThat(MeshConfigSetting.SEED_SWITCHES).hasSize(9).allSatisfy(s -> assertThat(s.port()).isFalse());
    }
}
