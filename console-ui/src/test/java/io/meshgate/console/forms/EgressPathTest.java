package io.meshgate.console.forms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EgressPathTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode gateway(String json) throws Exception {
        return JSON.readTree(json);
    }

    @Test
    void withoutAnEgressGatewayTrafficLeavesDirectly() {
        assertThat(EgressPath.describe(List.of())).isEqualTo("direct");
    }

    @Test
    void theGlobalGatewaysAreNamedWithTheirWeights() throws Exception {
        JsonNode policy = gateway("""
                {"metadata":{"name":"global-egress-gateway","namespace":"curl"},
                 "spec":{"global":[{"service":"fsm-egress-gateway","namespace":"fsm-system"},
                                   {"service":"backup","weight":20}]}}""");

        assertThat(EgressPath.describe(List.of(policy)))
                .isEqualTo("egress gateway fsm-system/fsm-egress-gateway, curl/backup (weight 20)");
    }

    @Test
    void aPolicyWithoutGlobalEntriesSendsNothingThroughAGateway() throws Exception {
        assertThat(EgressPath.describe(List.of(gateway("{\"metadata\":{\"name\":\"g\"},\"spec\":{}}"))))
                .isEqualTo("direct");
    }
}
