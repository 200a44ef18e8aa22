package io.meshgate.console.mesh;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgate.console.api.Json;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MeshWorkloadJoinTest {
    private static final TrafficPolicies PERMISSIVE = TrafficPolicies.of(List.of(meshConfig(true)), List.of());

    @Test
    void podsAndSidecarsAreJoinedWithTheServicesSelectingThem() {
        List<JsonNode> pods = List.of(
                pod("demo", "store-1", "bookstore", "10.1.0.5", "Running", "{\"app\":\"bookstore\",\"version\":\"v1\"}"),
                pod("demo", "buyer-1", "bookbuyer", "10.1.0.6", "Pending", "{\"app\":\"bookbuyer\"}"));
        List<JsonNode> proxies = List.of(
                proxy("sidecar.demo.store-1", "sidecar", "{\"inSync\":true,\"lastSeen\":\"2026-01-01T00:00:00Z\"}"),
                proxy("sidecar.demo.buyer-1", "sidecar", "{\"inSync\":false,\"lastSeen\":null}"),
                proxy("ingress-gateway", "ingress", "{\"inSync\":true}"));
        List<JsonNode> services = List.of(
                service("demo", "bookstore", "{\"app\":\"bookstore\"}"),
                service("demo", "bookstore-v2", "{\"app\":\"bookstore\",\"version\":\"v2\"}"),
                service("other", "bookstore", "{\"app\":\"bookstore\"}"),
                service("demo", "headless", "{}"));

        List<MeshWorkload> rows = MeshWorkloads.join(pods, proxies, services, PERMISSIVE);

        assertThat(rows).extracting(MeshWorkload::key).containsExactly("demo/buyer-1", "demo/store-1");
        MeshWorkload store = rows.get(1);
        assertThat(store.identity()).isEqualTo("bookstore.demo.cluster.local");
        assertThat(store.serviceAccount()).isEqualTo("bookstore");
        assertThat(store.podIp()).isEqualTo("10.1.0.5");
        assertThat(store.phase()).isEqualTo("Running");
        assertThat(store.services()).containsExactly("demo/bookstore");
        assertThat(store.sync()).isEqualTo(SyncState.IN_SYNC);
        assertThat(store.certificateNotAfter()).isNull();
        MeshWorkload buyer = rows.get(0);
        assertThat(buyer.services()).isEmpty();
        assertThat(buyer.phase()).isEqualTo("Pending");
        assertThat(buyer.sync()).isEqualTo(SyncState.NEVER_CONNECTED);
        assertThat(SidecarSummary.of(proxies)).isEqualTo(new SidecarSummary(2, 1));
        assertThat(SidecarSummary.of(proxies).text()).isEqualTo("2 sidecars, 1 in sync");
    }

    @Test
    void fieldsTheProxiesListReportsAreUsedAndBadOnesIgnored() {
        JsonNode reported = proxy("sidecar.demo.web-1", "sidecar", """
                {"namespace":"demo","pod":"web-1","serviceAccount":"web","identity":"web.demo.cluster.local",
                 "certificateNotAfter":"2026-03-01T10:00:00Z","inSync":false,"lastSeen":"2026-01-01T00:00:00Z"}""");
        JsonNode garbled = proxy("sidecar.demo.api-1", "sidecar", "{\"certificateNotAfter\":\"tomorrow\",\"identity\":7}");

        List<MeshWorkload> rows = MeshWorkloads.join(List.of(), List.of(reported, garbled), List.of(), PERMISSIVE);

        assertThat(rows).extracting(MeshWorkload::key).containsExactly("demo/api-1", "demo/web-1");
        MeshWorkload web = rows.get(1);
        assertThat(web.hasPod()).isFalse();
        assertThat(web.serviceAccount()).isEqualTo("web");
        assertThat(web.identity()).isEqualTo("web.demo.cluster.local");
        assertThat(web.certificateNotAfter()).isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
        assertThat(web.sync()).isEqualTo(SyncState.BEHIND);
        MeshWorkload api = rows.get(0);
        assertThat(api.identity()).as("no Pod, no service account: unknown").isNull();
        assertThat(api.certificateNotAfter()).isNull();
    }

    @Test
    void aPodNameWithDotsAndProxiesOfOtherShapes() {
        assertThat(MeshWorkloads.workloadOf(proxy("sidecar.demo.web.v1", "sidecar", "{}"))).contains("demo/web.v1");
        assertThat(MeshWorkloads.workloadOf(proxy("sidecar.demo", "sidecar", "{}"))).isEmpty();
        assertThat(MeshWorkloads.workloadOf(proxy("sidecar.demo.", "sidecar", "{}"))).isEmpty();
        assertThat(MeshWorkloads.workloadOf(proxy("web", "sidecar", "{}"))).isEmpty();
    }

    @Test
    void syncStates() {
        assertThat(SyncState.of(null)).isEqualTo(SyncState.NO_SIDECAR);
        assertThat(SyncState.of(proxy("p", "sidecar", "{\"inSync\":true,\"error\":\"bad\"}"))).isEqualTo(SyncState.ERROR);
        assertThat(SyncState.of(proxy("p", "sidecar", "{\"inSync\":true,\"error\":null}"))).isEqualTo(SyncState.IN_SYNC);
        assertThat(SyncState.of(proxy("p", "sidecar", "{\"inSync\":false,\"lastSeen\":\"2026-01-01T00:00:00Z\"}")))
                .isEqualTo(SyncState.BEHIND);
        assertThat(SyncState.of(proxy("p", "sidecar", "{}"))).isEqualTo(SyncState.NEVER_CONNECTED);
    }

    @Test
    void reachabilityFollowsThePolicyMode() {
        List<JsonNode> pods = List.of(pod("demo", "store-1", "bookstore", "10.1.0.5", "Running", "{}"));
        List<JsonNode> targets = List.of(
                trafficTarget("demo", "buyer-to-store", "bookstore",
                        "[{\"kind\":\"ServiceAccount\",\"name\":\"bookbuyer\",\"namespace\":\"demo\"}]",
                        "[{\"kind\":\"HTTPRouteGroup\",\"name\":\"routes\",\"matches\":[\"buy\"]}]"),
                trafficTarget("demo", "thief-to-store", "bookstore",
                        "[{\"kind\":\"ServiceAccount\",\"name\":\"thief\"}]", "[{\"kind\":\"TCPRoute\",\"name\":\"tcp\"}]"),
                trafficTarget("demo", "no-rules", "bookstore", "[{\"kind\":\"ServiceAccount\",\"name\":\"x\"}]", "[]"),
                trafficTarget("demo", "store-to-db", "postgres",
                        "[{\"kind\":\"ServiceAccount\",\"name\":\"bookstore\"}]", "[{\"kind\":\"TCPRoute\",\"name\":\"pg\"}]"),
                trafficTarget("other", "elsewhere", "bookstore",
                        "[{\"kind\":\"ServiceAccount\",\"name\":\"bookbuyer\",\"namespace\":\"demo\"}]",
                        "[{\"kind\":\"TCPRoute\",\"name\":\"tcp\"}]"));

        MeshWorkload permissive = MeshWorkloads.join(pods, List.of(), List.of(),
                TrafficPolicies.of(List.of(meshConfig(true)), targets)).getFirst();
        assertThat(permissive.reachability()).isEqualTo("permissive");
        assertThat(permissive.reachable()).isTrue();

        MeshWorkload smi = MeshWorkloads.join(pods, List.of(), List.of(),
                TrafficPolicies.of(List.of(meshConfig(false)), targets)).getFirst();
        assertThat(smi.reachability()).isEqualTo("SMI policies: 2 TrafficTargets admit it");
        assertThat(smi.inbound()).extracting(TrafficPolicies.PolicyLine::text).containsExactly(
                "demo/buyer-to-store: bookbuyer.demo.cluster.local (HTTPRouteGroup routes [buy])",
                "demo/no-rules: x.demo.cluster.local (no rules: admits nothing)",
                "demo/thief-to-store: thief.demo.cluster.local (TCPRoute tcp)");
        assertThat(smi.outbound()).extracting(TrafficPolicies.PolicyLine::text)
                .containsExactly("demo/store-to-db: postgres.demo.cluster.local (TCPRoute pg)");

        MeshWorkload alone = MeshWorkloads.join(List.of(pod("demo", "db-1", "lonely", "10.1.0.9", "Running", "{}")),
                List.of(), List.of(), TrafficPolicies.of(List.of(meshConfig(false)), targets)).getFirst();
        assertThat(alone.reachability()).isEqualTo("SMI policies: no TrafficTarget admits it");
        assertThat(alone.reachable()).isFalse();
    }

    @Test
    void theDefaultMeshConfigDecidesAndItsAbsenceMeansTheDefaults() {
        JsonNode other = Json.read("""
                {"metadata":{"namespace":"aaa","name":"first"},"spec":{"traffic":{"enablePermissiveTrafficPolicyMode":true}}}""");
        TrafficPolicies chosen = TrafficPolicies.of(List.of(other, meshConfig(false)), List.of());
        assertThat(chosen.permissive()).isFalse();
        assertThat(chosen.meshConfigName()).isEqualTo("fsm-system/fsm-mesh-config");
        TrafficPolicies none = TrafficPolicies.of(List.of(), List.of());
        assertThat(none.meshConfigName()).isNull();
        assertThat(none.permissive()).as("Meshgate's first-start default (FSM's preset)").isTrue();
    }

    @Test
    void certificateStanding() {
        Instant now = Instant.parse("2026-01-01T12:00:00Z");
        assertThat(SidecarCertificates.standing(null, now)).isEqualTo(SidecarCertificates.Standing.UNKNOWN);
        assertThat(SidecarCertificates.describe(null, now)).isEqualTo("unknown");
        assertThat(SidecarCertificates.standing(now.plusSeconds(20 * 3600), now)).isEqualTo(SidecarCertificates.Standing.OK);
        assertThat(SidecarCertificates.describe(now.plusSeconds(20 * 3600), now)).isEqualTo("20 h left");
        assertThat(SidecarCertificates.standing(now.plusSeconds(7 * 3600), now))
                .isEqualTo(SidecarCertificates.Standing.RENEWAL_OVERDUE);
        assertThat(SidecarCertificates.standing(now.minusSeconds(1), now)).isEqualTo(SidecarCertificates.Standing.EXPIRED);
    }

    @Test
    void enforcedCondition() {
        assertThat(EnforcedCondition.of(Json.read("{}")).label()).isEqualTo("unknown");
        JsonNode ib = Json.read("""
                {"status":{"conditions":[{"type":"ResolvedRefs","status":"True","reason":"ok"},
                  {"type":"Enforced","status":"False","reason":"NoSidecarsYet","message":"no Pod of demo/web runs a sidecar"}]}}""");
        EnforcedCondition c = EnforcedCondition.of(ib);
        assertThat(c.state()).isEqualTo(EnforcedCondition.State.NOT_ENFORCED);
        assertThat(c.label()).isEqualTo("not enforced: no sidecars yet");
        assertThat(c.message()).isEqualTo("no Pod of demo/web runs a sidecar");
        assertThat(EnforcedCondition.of(Json.read("""
                {"status":{"conditions":[{"type":"Enforced","status":"False","reason":"SomethingNew"}]}}""")).label())
                .isEqualTo("not enforced (SomethingNew)");
        assertThat(EnforcedCondition.of(Json.read("""
                {"status":{"conditions":[{"type":"Enforced","status":"True","reason":"Enforced"}]}}""")).label())
                .isEqualTo("enforced");
    }

    static JsonNode pod(String ns, String name, String sa, String ip, String phase, String labels) {
        return Json.read("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"namespace":"%s","name":"%s","labels":%s},
                 "spec":{"serviceAccountName":"%s"},"status":{"phase":"%s","podIP":"%s"}}"""
                .formatted(ns, name, labels, sa, phase, ip));
    }

    static JsonNode proxy(String name, String kind, String fields) {
        JsonNode node = Json.read(fields);
        ((com.fasterxml.jackson.databind.node.ObjectNode) node).put("name", name).put("kind", kind);
        return node;
    }

    static JsonNode service(String ns, String name, String selector) {
        return Json.read("""
                {"metadata":{"namespace":"%s","name":"%s"},"spec":{"selector":%s,"ports":[{"port":80}]}}"""
                .formatted(ns, name, selector));
    }

    static JsonNode meshConfig(boolean permissive) {
        return Json.read("""
                {"metadata":{"namespace":"fsm-system","name":"fsm-mesh-config"},
                 "spec":{"traffic":{"enablePermissiveTrafficPolicyMode":%s}}}""".formatted(permissive));
    }

    static JsonNode trafficTarget(String ns, String name, String destination, String sources, String rules) {
        return Json.read("""
                {"metadata":{"namespace":"%s","name":"%s"},
                 "spec":{"destination":{"kind":"ServiceAccount","name":"%s","namespace":"%s"},"sources":%s,"rules":%s}}"""
                .formatted(ns, name, destination, ns, sources, rules));
    }
}
