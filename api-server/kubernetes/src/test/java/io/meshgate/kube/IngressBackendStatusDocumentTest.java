package io.meshgate.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.ingress.IngressBackendStatus;
import io.meshgate.resources.Condition;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The IngressBackend status document: what is written, and when a stored one needs no write. */
class IngressBackendStatusDocumentTest {
    private static final Instant T1 = Instant.parse("2025-01-01T10:00:00.123Z");
    private static final Instant T2 = Instant.parse("2025-01-02T10:00:00Z");
    private static final Condition NOT_ENFORCED =
            Condition.isFalse(IngressBackendStatus.ENFORCED, "NoSidecarsYet", "not enforced");
    private static final IngressBackendStatus COMMITTED = new IngressBackendStatus(IngressBackendStatus.COMMITTED,
            "successfully committed by the system",
            List.of(Condition.isTrue(Condition.RESOLVED_REFS, "ResolvedRefs", "ok"), NOT_ENFORCED));
    private static final IngressBackendStatus ERROR = new IngressBackendStatus(IngressBackendStatus.ERROR,
            "backend service ns/a not found",
            List.of(Condition.isFalse(Condition.RESOLVED_REFS, "BackendNotFound", "missing"), NOT_ENFORCED));

    @Test
    void rendersFsmFieldsThenConditions() {
        Map<String, Object> status = IngressBackendStatusDocument.of(COMMITTED, 3).render(null, T1);

        assertThat(status).containsEntry("currentStatus", "committed")
                .containsEntry("reason", "successfully committed by the system");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> conditions = (List<Map<String, Object>>) status.get("conditions");
        assertThat(conditions).hasSize(2);
        assertThat(conditions.get(1)).containsEntry("type", "Enforced").containsEntry("status", "False")
                .containsEntry("reason", "NoSidecarsYet").containsEntry("observedGeneration", 3L)
                .containsEntry("lastTransitionTime", "2025-01-01T10:00:00Z");
    }

    @Test
    void aRenderedStatusReadsBackAsTheSameView() {
        IngressBackendStatusDocument want = IngressBackendStatusDocument.of(COMMITTED, 3);

        assertThat(IngressBackendStatusDocument.read(want.render(null, T1))).isEqualTo(want);
        assertThat(IngressBackendStatusDocument.read(want.render(null, T1))).as("another generation")
                .isNotEqualTo(IngressBackendStatusDocument.of(COMMITTED, 4));
        assertThat(IngressBackendStatusDocument.read(want.render(null, T1)))
                .isNotEqualTo(IngressBackendStatusDocument.of(ERROR, 3));
    }

    @Test
    void numbersOfAnyTypeReadTheSame() {
        Map<String, Object> stored = Map.of("currentStatus", "committed", "reason", "r", "conditions",
                List.of(Map.of("type", "Enforced", "status", "False", "observedGeneration", 3, "reason", "x",
                        "message", "y")));

        assertThat(IngressBackendStatusDocument.read(stored).conditions().getFirst().observedGeneration()).isEqualTo(3L);
    }

    @Test
    void aTransitionTimeIsKeptWhileTheConditionKeepsItsStatus() {
        Map<String, Object> first = IngressBackendStatusDocument.of(COMMITTED, 1).render(null, T1);
        Map<String, Object> second = IngressBackendStatusDocument.of(ERROR, 2).render(first, T2);

        assertThat(transition(second, 0)).as("ResolvedRefs turned False").isEqualTo("2025-01-02T10:00:00Z");
        assertThat(transition(second, 1)).as("Enforced still False").isEqualTo("2025-01-01T10:00:00Z");
    }

    @Test
    void whatIsNotAStatusReadsAsEmpty() {
        IngressBackendStatusDocument empty = IngressBackendStatusDocument.read("garbage");

        assertThat(empty.currentStatus()).isEmpty();
        assertThat(empty.conditions()).isEmpty();
        assertThat(IngressBackendStatusDocument.read(Map.of("currentStatus", 5, "conditions", "x")))
                .isEqualTo(empty);
    }

    @Test
    void withoutGenerationsComparesMeaningOnly() {
        assertThat(IngressBackendStatusDocument.of(COMMITTED, 1).withoutGenerations())
                .isEqualTo(IngressBackendStatusDocument.of(COMMITTED, 7).withoutGenerations());
    }

    @SuppressWarnings("unchecked")
    private static Object transition(Map<String, Object> status, int index) {
        return ((List<Map<String, Object>>) status.get("conditions")).get(index).get("lastTransitionTime");
    }
}
