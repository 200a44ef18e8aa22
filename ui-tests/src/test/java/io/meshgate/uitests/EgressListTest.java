package io.meshgate.uitests;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/** The Egress list says what each policy opens (sources, hosts, ports) and whether the egress gateway is in the path. */
@ExtendWith(ConsoleBrowserExtension.class)
class EgressListTest {

    @Test
    void eachPolicyShowsWhatItOpensAndTheWayOut(Console console, MeshgateStack stack) {
        stack.api().apply("""
                kind: Egress
                apiVersion: policy.flomesh.io/v1alpha1
                metadata:
                  name: httpbin-80
                  namespace: ui-egress
                spec:
                  sources:
                  - kind: ServiceAccount
                    name: curl
                    namespace: ui-egress
                  hosts:
                  - httpbin.org
                  ports:
                  - number: 80
                    protocol: http
                """);
        console.signIn(stack.adminToken());

        console.open("egress");
        assertThat(console.id("egress-grid")).containsText("ui-egress/httpbin-80");
        assertThat(console.id("egress-grid")).containsText("ui-egress/curl");
        assertThat(console.id("egress-grid")).containsText("httpbin.org");
        assertThat(console.id("egress-grid")).containsText("80/http");
        assertThat(console.id("egress-grid")).containsText("direct");

        stack.api().apply("""
                kind: EgressGateway
                apiVersion: policy.flomesh.io/v1alpha1
                metadata:
                  name: global-egress-gateway
                  namespace: fsm-system
                spec:
                  global:
                  - service: fsm-egress-gateway
                    namespace: fsm-system
                """);
        console.open("egress");
        assertThat(console.id("egress-grid")).containsText("egress gateway fsm-system/fsm-egress-gateway");
    }

    @Test
    void theOverviewListsTheEgressGatewayWithItsSyncState(Console console, MeshgateStack stack) {
        RestApi.Reply registered = stack.api().post("/api/v1/proxies", "application/json",
                "{\"name\":\"egress-gateway.fsm-system\",\"kind\":\"egress\"}");
        org.assertj.core.api.Assertions.assertThat(registered.status()).isBetween(200, 201);
        console.signIn(stack.adminToken());

        console.open("");
        assertThat(console.id("overview-proxies")).containsText("egress-gateway.fsm-system");
        // registered, never connected: a config is waiting for it and it has applied none
        assertThat(console.id("overview-proxies")).containsText("egress");
    }
}
