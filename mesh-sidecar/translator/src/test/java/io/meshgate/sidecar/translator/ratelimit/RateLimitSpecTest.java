package io.meshgate.sidecar.translator.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshgate.resources.Condition;
import io.meshgate.resources.Resource;
import io.meshgate.resources.ResourceCodec;
import io.meshgate.sidecar.translator.MeshModel;
import io.meshgate.sidecar.translator.SidecarInputs;
import io.meshgate.sidecar.translator.UpstreamTrafficSettingTargets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reading the rate-limit part of an UpstreamTrafficSetting: what the validator refuses at apply time is
 * refused here too with the field named (a policy stored past validation, e.g. read from a cluster),
 * and the host forms FSM accepts name the Service.
 */
class RateLimitSpecTest {

    private static Resource setting(String host, String local) {
        return new ResourceCodec().parse("""
                apiVersion: policy.flomesh.io/v1alpha1
                kind: UpstreamTrafficSetting
                metadata: {name: s, namespace: demo}
                spec:
                  host: %s
                  rateLimit:
                    local: %s
                """.formatted(host, local)).getFirst();
    }

    @Test
    void unitsAreFsmsAndBurstIsKept() {
        RateLimitSpec spec = RateLimitSpec.of(setting("fortio.demo", "{tcp: {connections: 1, unit: minute, burst: 10},"
                + " http: {requests: 3, unit: hour}}"));
        assertThat(spec.tcp().fillInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(spec.tcp().maxTokens()).isEqualTo(10);
        assertThat(spec.http().tokens().fillInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(spec.http().responseStatusCode()).as("FSM's default").isEqualTo(429);
        assertThat(RateLimitSpec.of(setting("fortio.demo", "{tcp: {connections: 5000000000, unit: second}}"))
                .tcp().tokensPerFill()).as("FSM's uint32, capped at the bucket's size").isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void whatApplyTimeValidationRefusesIsRefusedNamingTheField() {
        assertThatThrownBy(() -> RateLimitSpec.of(setting("fortio.demo", "{tcp: {connections: 0, unit: minute}}")))
                .hasMessageContaining("spec.rateLimit.local.tcp.connections must be at least 1");
        assertThatThrownBy(() -> RateLimitSpec.of(setting("fortio.demo", "{http: {requests: 3, unit: day}}")))
                .hasMessageContaining("spec.rateLimit.local.http.unit must be second, minute or hour, got 'day'");
        assertThatThrownBy(() -> RateLimitSpec.of(setting("fortio.demo", "{http: {requests: 3, unit: minute, burst: -1}}")))
                .hasMessageContaining("spec.rateLimit.local.http.burst must not be negative");
    }

    @Test
    void anInvalidPolicyIsReportedAndAppliedNowhere() {
        Resource bad = setting("fortio.demo.svc.cluster.local", "{tcp: {connections: 0, unit: minute}}");
        MeshModel mesh = new MeshModel(SidecarInputs.from(List.of(service(), bad)));
        Condition condition = RateLimitConditions.condition(mesh, bad);
        assertThat(condition.type()).isEqualTo(RateLimitConditions.TYPE);
        assertThat(condition.reason()).isEqualTo("Invalid");
        assertThat(condition.message()).contains("spec.rateLimit.local.tcp.connections")
                .contains("no sidecar applies this policy's rate limits");
    }

    @Test
    void hostFormsNameTheService() {
        MeshModel mesh = new MeshModel(SidecarInputs.from(List.of(service())));
        List<String> found = new ArrayList<>();
        for (String host : List.of("fortio.demo", "fortio.demo.svc", "fortio.demo.svc.cluster.local",
                "FORTIO.demo.svc.cluster.local.", "fortio", "fortio.other", "a.fortio.demo")) {
            found.add(host + "=" + UpstreamTrafficSettingTargets.service(mesh, setting(host, "{}")).isPresent());
        }
        assertThat(found).containsExactly("fortio.demo=true", "fortio.demo.svc=true", "fortio.demo.svc.cluster.local=true",
                "FORTIO.demo.svc.cluster.local.=true", "fortio=false", "fortio.other=false", "a.fortio.demo=false");
    }

    private static Resource service() {
        return new ResourceCodec().parse("""
                apiVersion: v1
                kind: Service
                metadata: {name: fortio, namespace: demo}
                spec:
                  ports: [{name: tcp, port: 8078, appProtocol: tcp}]
                  selector: {app: fortio}
                """).getFirst();
    }
}
