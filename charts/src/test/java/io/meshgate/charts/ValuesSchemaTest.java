package io.meshgate.charts;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** values.schema.json refuses bad values at install (Helm checks it before rendering), naming the value. */
class ValuesSchemaTest {

    @Test
    void severalReplicasOnH2AreRefused() {
        assertThatThrownBy(() -> Rendered.with(Map.of("controlPlane.replicas", 3)))
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining("database.type");
    }

    @Test
    void postgresqlNeedsAJdbcUrlAndAPasswordSecret() {
        assertThatThrownBy(() -> Rendered.with(Map.of("database.type", "postgresql",
                "database.postgresql.url", "postgres://db:5432/meshgate", "database.postgresql.existingSecret", "db")))
                .hasMessageContaining("database.postgresql.url");
        assertThatThrownBy(() -> Rendered.with(Map.of("database.type", "postgresql",
                "database.postgresql.url", "jdbc:postgresql://db:5432/meshgate")))
                .hasMessageContaining("database.postgresql.existingSecret");
    }

    @Test
    void unknownKeysAndWrongTypesAreRefused() {
        assertThatThrownBy(() -> Rendered.with(Map.of("ingressGateway.servce.type", "LoadBalancer")))
                .hasMessageContaining("servce");
        assertThatThrownBy(() -> Rendered.with(Map.of("ingressGateway.service.type", "Loadbalancer")))
                .hasMessageContaining("ingressGateway.service.type");
        assertThatThrownBy(() -> Rendered.with(Map.of("webhooks.injector.failurePolicy", "Sometimes")))
                .hasMessageContaining("webhooks.injector.failurePolicy");
        assertThatThrownBy(() -> Rendered.with(Map.of("fsm.enableEgress", "yes")))
                .hasMessageContaining("fsm.enableEgress");
        // the egress gateway's hand-made token Secret is gone: it exchanges its service-account token
        assertThatThrownBy(() -> Rendered.with(Map.of("egressGateway.tokenSecret", "mine")))
                .hasMessageContaining("tokenSecret");
        // one proxy, one token: a second replica's exchange would rotate the first one's away
        assertThatThrownBy(() -> Rendered.with(Map.of("egressGateway.enabled", true, "egressGateway.replicas", 2)))
                .hasMessageContaining("egressGateway.replicas must be 1");
    }
}
