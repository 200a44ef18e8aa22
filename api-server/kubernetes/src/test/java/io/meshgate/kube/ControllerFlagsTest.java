package io.meshgate.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The command line of {@code meshgate ingress-controller}. */
class ControllerFlagsTest {

    @Test
    void defaultsAreFsms() {
        ControllerOptions o = ControllerFlags.parse();
        assertThat(o.kubeconfig()).isNull();
        assertThat(o.namespace()).isEqualTo("fsm-system");
        assertThat(o.httpPort()).isEqualTo(80);
        assertThat(o.httpsPort()).isEqualTo(443);
        assertThat(o.adminPort()).isEqualTo(15000);
        assertThat(o.publishService().toString()).isEqualTo("fsm-system/fsm-ingress");
        assertThat(o.leaseName()).isEqualTo("meshgate-ingress-leader");
        assertThat(o.ingressClass()).isEqualTo("pipy");
        assertThat(o.leaderTiming()).isEqualTo(ControllerOptions.LeaderTiming.KUBERNETES_DEFAULTS);
        assertThat(o.kernelWarmUp()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void theKernelWarmUpTakesADurationOrZero() {
        assertThat(ControllerFlags.parse("--kernel-warm-up", "30s").kernelWarmUp()).isEqualTo(Duration.ofSeconds(30));
        assertThat(ControllerFlags.parse("--kernel-warm-up=0").kernelWarmUp()).isZero();
        assertThatThrownBy(() -> ControllerFlags.parse("--kernel-warm-up", "-1s"))
                .hasMessageContaining("--kernel-warm-up");
    }

    @Test
    void everyFlagIsRead() {
        ControllerOptions o = ControllerFlags.parse("--kubeconfig", "/tmp/kc", "--namespace", "edge",
                "--http-port", "8080", "--https-port=8443", "--admin-port", "-1", "--publish-service", "edge/gw",
                "--lease-name", "lead", "--ingress-class", "meshgate", "--bind-address", "127.0.0.1",
                "--admin-address", "127.0.0.2", "--lease-duration", "6s", "--renew-deadline", "4s",
                "--retry-period", "500ms");
        assertThat(o.kubeconfig()).isEqualTo(Path.of("/tmp/kc"));
        assertThat(o.namespace()).isEqualTo("edge");
        assertThat(o.httpPort()).isEqualTo(8080);
        assertThat(o.httpsPort()).isEqualTo(8443);
        assertThat(o.adminPort()).isEqualTo(-1);
        assertThat(o.publishService()).isEqualTo(new ControllerOptions.ServiceRef("edge", "gw"));
        assertThat(o.leaseName()).isEqualTo("lead");
        assertThat(o.ingressClass()).isEqualTo("meshgate");
        assertThat(o.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(o.adminAddress()).isEqualTo("127.0.0.2");
        assertThat(o.leaderTiming().leaseDuration()).isEqualTo(Duration.ofSeconds(6));
        assertThat(o.leaderTiming().retryPeriod()).isEqualTo(Duration.ofMillis(500));
        assertThat(o.ingressSettings().httpPort()).isEqualTo(8080);
    }

    @Test
    void badFlagsAreNamed() {
        assertThatThrownBy(() -> ControllerFlags.parse("--nope", "x")).hasMessageContaining("--nope");
        assertThatThrownBy(() -> ControllerFlags.parse("--http-port")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> ControllerFlags.parse("--http-port", "70000")).hasMessageContaining("not a port");
        assertThatThrownBy(() -> ControllerFlags.parse("--publish-service", "fsm-ingress"))
                .hasMessageContaining("namespace/name");
        assertThatThrownBy(() -> ControllerFlags.parse("--retry-period", "soon")).hasMessageContaining("--retry-period must be a duration");
        assertThatThrownBy(() -> ControllerFlags.parse("--lease-duration", "2s"))
                .hasMessageContaining("leaseDuration > renewDeadline");
    }
}
