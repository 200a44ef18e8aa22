package io.meshgate.standalone;

import io.meshgate.sidecar.injector.InjectionSettings;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code --mesh-name}, {@code --sidecar-image}, {@code --sidecar-server}: what the sidecar injector puts into pods. */
class StandaloneInjectionOptionsTest {
    @Test
    void defaultsAreFsmsMeshNameAndTheControlPlaneService() {
        InjectionSettings injection = StandaloneOptions.parse(new String[0], Map.of()).injection();
        assertThat(injection).isEqualTo(InjectionSettings.defaults());
        assertThat(injection.meshName()).isEqualTo("fsm");
    }

    @Test
    void flagsWinOverTheEnvironment() {
        InjectionSettings fromEnv = StandaloneOptions.parse(new String[0], Map.of("MESHGATE_MESH_NAME", "prod",
                "MESHGATE_SIDECAR_IMAGE", "registry.example/meshgate:1", "MESHGATE_SIDECAR_SERVER",
                "https://meshgate.mesh.svc:9091")).injection();
        assertThat(fromEnv.meshName()).isEqualTo("prod");
        assertThat(fromEnv.image()).isEqualTo("registry.example/meshgate:1");
        assertThat(fromEnv.controlPlaneUrl()).isEqualTo("https://meshgate.mesh.svc:9091");
        InjectionSettings fromFlags = StandaloneOptions.parse(new String[] {"--mesh-name", "dev", "--sidecar-image=x:2",
                "--sidecar-server", "https://cp:9091"}, Map.of("MESHGATE_MESH_NAME", "prod")).injection();
        assertThat(fromFlags.meshName()).isEqualTo("dev");
        assertThat(fromFlags.image()).isEqualTo("x:2");
        assertThat(fromFlags.controlPlaneUrl()).isEqualTo("https://cp:9091");
    }

    @Test
    void theApiCertificateCoversTheServiceNameTheWebhooksAreCalledAt() {
        var tls = StandaloneOptions.parse(new String[] {"--api-tls-san", "fsm-controller.fsm-system.svc",
                "--api-tls-san=fsm-controller.fsm-system.svc.cluster.local"}, Map.of()).apiTls();
        assertThat(tls.extraNames()).containsExactly("fsm-controller.fsm-system.svc",
                "fsm-controller.fsm-system.svc.cluster.local");
        assertThat(StandaloneOptions.parse(new String[0], Map.of("MESHGATE_API_TLS_SANS", "a.svc, b.svc")).apiTls()
                .extraNames()).containsExactly("a.svc", "b.svc");
        assertThat(StandaloneOptions.parse(new String[0], Map.of()).apiTls().extraNames()).isEmpty();
    }

    @Test
    void theChartsControllerServiceIsWhereSidecarsRegisterAndACertificateName() {
        StandaloneOptions o = StandaloneOptions.parse(new String[] {"--api-port", "9443"},
                Map.of("MESHGATE_CONTROLLER_SERVICE", "fsm-controller.fsm-system.svc"));
        assertThat(o.injection().controlPlaneUrl()).isEqualTo("https://fsm-controller.fsm-system.svc:9443");
        assertThat(o.apiTls().extraNames()).containsExactly("fsm-controller.fsm-system.svc");
        assertThat(StandaloneOptions.parse(new String[] {"--sidecar-server", "https://lb:443"},
                Map.of("MESHGATE_CONTROLLER_SERVICE", "cp.mesh.svc")).injection().controlPlaneUrl())
                .as("an explicit URL wins").isEqualTo("https://lb:443");
    }

    @Test
    void badValuesNameTheFlag() {
        assertThatThrownBy(() -> StandaloneOptions.parse(new String[] {"--sidecar-server", "cp:9091"}, Map.of()))
                .hasMessageContaining("--sidecar-server").hasMessageContaining("http:// or https://");
        assertThatThrownBy(() -> StandaloneOptions.parse(new String[] {"--mesh-name", ""}, Map.of()))
                .hasMessageContaining("--mesh-name");
    }
}
