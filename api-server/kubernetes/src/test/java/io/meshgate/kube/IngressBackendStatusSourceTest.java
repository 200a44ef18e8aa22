package io.meshgate.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshgate.ingress.IngressBackendStatus;
import io.meshgate.reconcile.ReportedStatus;
import io.meshgate.resources.Condition;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The IngressBackend status the leader writes (built by the shared status document builder): what
 * is written, and when what the API server holds needs no write.
 */
class IngressBackendStatusSourceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T1 = Instant.parse("2025-01-01T10:00:00.123Z");
    private static final Instant T2 = Instant.parse("2025-01-02T10:00:00Z");
    private static final Condition NOT_ENFORCED =
            Condition.isFalse(IngressBackendStatus.ENFORCED, "NoSidecarsYet", "not enforced");
    private static final ReportedStatus COMMITTED = report(IngressBackendStatus.COMMITTED,
            "successfully committed by the system",
            Condition.isTrue(Condition.RESOLVED_REFS, "ResolvedRefs", "ok"), NOT_ENFORCED);
    private static final ReportedStatus ERROR = report(IngressBackendStatus.ERROR, "backend service ns/a not found",
            Condition.isFalse(Condition.RESOLVED_REFS, "BackendNotFound", "missing"), NOT_ENFORCED);

    private static ReportedStatus report(String currentStatus, String reason, Condition... conditions) {
        ObjectNode fields = JsonNodeFactory.instance.objectNode().put("currentStatus", currentStatus).put("reason", reason);
        return new ReportedStatus(fields, List.of(conditions));
    }

    /** What fabric8 hands back for a written status: maps, lists, strings and numbers. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> asStored(JsonNode status) {
        return JSON.convertValue(status, Map.class);
    }

    @Test
    void rendersFsmFieldsThenConditions() {
        ObjectNode status = IngressBackendStatusSource.desired(COMMITTED, null, 3, T1);

        assertThat(status.path("currentStatus").asText()).isEqualTo("committed");
        assertThat(status.path("reason").asText()).isEqualTo("successfully committed by the system");
        assertThat(status.path("conditions")).hasSize(2);
        JsonNode enforced = status.path("conditions").get(1);
        assertThat(enforced.path("type").asText()).isEqualTo("Enforced");
        assertThat(enforced.path("status").asText()).isEqualTo("False");
        assertThat(enforced.path("reason").asText()).isEqualTo("NoSidecarsYet");
        assertThat(enforced.path("observedGeneration").asLong()).isEqualTo(3);
        assertThat(enforced.path("lastTransitionTime").asText()).isEqualTo("2025-01-01T10:00:00Z");
    }

    @Test
    void aWrittenStatusReadBackNeedsNoWriteUnlessTheReportOrGenerationChanged() {
        JsonNode stored = IngressBackendStatusSource.tree(asStored(IngressBackendStatusSource.desired(COMMITTED, null, 3, T1)));

        assertThat(IngressBackendStatusSource.desired(COMMITTED, stored, 3, T2)).isEqualTo(stored);
        assertThat(IngressBackendStatusSource.desired(COMMITTED, stored, 4, T2)).as("another generation")
                .isNotEqualTo(stored);
        assertThat(IngressBackendStatusSource.desired(ERROR, stored, 3, T2)).isNotEqualTo(stored);
    }

    @Test
    void numbersOfAnyTypeReadTheSame() {
        Map<String, Object> stored = Map.of("currentStatus", "committed", "reason", "r", "conditions",
                List.of(Map.of("type", "Enforced", "status", "False", "observedGeneration", 3, "reason", "x",
                        "message", "y", "lastTransitionTime", "2025-01-01T10:00:00Z")));
        ReportedStatus same = report("committed", "r", Condition.isFalse("Enforced", "x", "y"));

        JsonNode have = IngressBackendStatusSource.tree(stored);
        assertThat(have.at("/conditions/0/observedGeneration").asLong()).isEqualTo(3L);
        assertThat(IngressBackendStatusSource.desired(same, have, 3L, T2)).isEqualTo(have);
    }

    @Test
    void aTransitionTimeIsKeptWhileTheConditionKeepsItsStatus() {
        JsonNode first = IngressBackendStatusSource.tree(asStored(IngressBackendStatusSource.desired(COMMITTED, null, 1, T1)));
        ObjectNode second = IngressBackendStatusSource.desired(ERROR, first, 2, T2);

        assertThat(second.at("/conditions/0/lastTransitionTime").asText()).as("ResolvedRefs turned False")
                .isEqualTo("2025-01-02T10:00:00Z");
        assertThat(second.at("/conditions/1/lastTransitionTime").asText()).as("Enforced still False")
                .isEqualTo("2025-01-01T10:00:00Z");
    }

    @Test
    void whatIsNotAStatusIsRewritten() {
        JsonNode garbage = IngressBackendStatusSource.tree("garbage");
        JsonNode wrongTypes = IngressBackendStatusSource.tree(Map.of("currentStatus", 5, "conditions", "x"));

        assertThat(IngressBackendStatusSource.desired(COMMITTED, garbage, 1, T1)).isNotEqualTo(garbage);
        assertThat(IngressBackendStatusSource.desired(COMMITTED, wrongTypes, 1, T1)).isNotEqualTo(wrongTypes);
        assertThat(IngressBackendStatusSource.tree(null)).isNull();
    }
}
