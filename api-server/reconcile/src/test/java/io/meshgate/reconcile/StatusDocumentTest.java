package io.meshgate.reconcile;

import io.meshgate.resources.Condition;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusDocumentTest {
    private static final Instant NOW = Instant.parse("2026-02-03T04:05:06.789Z");

    @Test
    void fieldsThenKubernetesConditions() {
        ObjectNode fields = JsonNodeFactory.instance.objectNode().put("currentStatus", "committed");
        ObjectNode status = StatusDocument.compose(new ReportedStatus(fields, List.of(
                Condition.isTrue("ResolvedRefs", "ResolvedRefs", "ok"),
                new Condition("Enforced", Condition.Status.UNKNOWN, "NoSidecarsYet", null))), null, 3, NOW);

        assertThat(status.toString()).isEqualTo("{\"currentStatus\":\"committed\",\"conditions\":["
                + "{\"type\":\"ResolvedRefs\",\"status\":\"True\",\"observedGeneration\":3,"
                + "\"lastTransitionTime\":\"2026-02-03T04:05:06Z\",\"reason\":\"ResolvedRefs\",\"message\":\"ok\"},"
                + "{\"type\":\"Enforced\",\"status\":\"Unknown\",\"observedGeneration\":3,"
                + "\"lastTransitionTime\":\"2026-02-03T04:05:06Z\",\"reason\":\"NoSidecarsYet\",\"message\":\"\"}]}");
    }

    @Test
    void aConditionKeepsItsTransitionTimeWhileItsStatusStays() {
        JsonNode stored = StatusDocument.compose(ReportedStatus.of(List.of(Condition.isTrue("Accepted", "A", "x"),
                Condition.isTrue("TLS", "T", ""))), null, 1, Instant.parse("2026-01-01T00:00:00Z"));

        ObjectNode next = StatusDocument.compose(ReportedStatus.of(List.of(Condition.isTrue("Accepted", "A", "y"),
                Condition.isFalse("TLS", "MissingSecret", ""))), stored, 2, NOW);
        assertThat(next.at("/conditions/0/lastTransitionTime").asText()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(next.at("/conditions/0/message").asText()).isEqualTo("y");
        assertThat(next.at("/conditions/1/lastTransitionTime").asText()).isEqualTo("2026-02-03T04:05:06Z");
    }

    @Test
    void noConditionsMeansOnlyTheFields() {
        assertThat(StatusDocument.compose(ReportedStatus.of(List.of()), null, 1, NOW).isEmpty()).isTrue();
    }
}
