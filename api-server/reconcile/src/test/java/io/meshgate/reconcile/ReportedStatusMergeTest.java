package io.meshgate.reconcile;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meshgate.resources.Condition;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Two translators speaking of one resource (an Egress: its sources' sidecars and the egress gateway) both keep their say. */
class ReportedStatusMergeTest {

    private static Condition condition(String type, Condition.Status status, String reason) {
        return new Condition(type, status, reason, reason + " message");
    }

    @Test
    void conditionsOfOtherTypesAreKeptAndASharedTypeTakesTheLaterSay() {
        ReportedStatus sidecars = ReportedStatus.of(List.of(
                condition("Accepted", Condition.Status.TRUE, "Accepted"),
                condition("Enforced", Condition.Status.FALSE, "NoSidecarsYet")));
        ReportedStatus gateway = ReportedStatus.of(List.of(
                condition("GatewayAdmits", Condition.Status.TRUE, "Admitted"),
                condition("Enforced", Condition.Status.TRUE, "Enforced")));

        ReportedStatus merged = sidecars.mergedWith(gateway);

        assertThat(merged.conditions()).extracting(Condition::type).containsExactly("Accepted", "Enforced", "GatewayAdmits");
        assertThat(merged.conditions().get(1).reason()).isEqualTo("Enforced");
    }

    @Test
    void fieldsAreUnitedTheLaterWinningOnTheSameName() {
        ObjectNode first = JsonNodeFactory.instance.objectNode().put("currentStatus", "committed").put("reason", "a");
        ObjectNode second = JsonNodeFactory.instance.objectNode().put("reason", "b");

        ReportedStatus merged = new ReportedStatus(first, List.of()).mergedWith(new ReportedStatus(second, List.of()));

        assertThat(merged.fields().path("currentStatus").asText()).isEqualTo("committed");
        assertThat(merged.fields().path("reason").asText()).isEqualTo("b");
    }
}
