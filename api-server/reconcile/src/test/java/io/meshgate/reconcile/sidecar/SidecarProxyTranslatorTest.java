package io.meshgate.reconcile.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.config.ProxyConfig;
import io.meshgate.reconcile.ProxyIdentity;
import io.meshgate.reconcile.ResourceSnapshot;
import io.meshgate.reconcile.Translation;
import org.junit.jupiter.api.Test;

/** The workload comes from the proxy name; a proxy that names no workload of the snapshot waits. */
class SidecarProxyTranslatorTest {
    private final RotatingTestCertificates certificates = new RotatingTestCertificates();
    private final SidecarProxyTranslator translator = new SidecarProxyTranslator(certificates);
    private final ResourceSnapshot snapshot = SidecarFixtures.snapshot(1, 1, SidecarFixtures.mesh());

    @Test
    void theProxyNameSelectsTheWorkloadAndItsServiceAccount() {
        Translation translation = translator.translate(snapshot, new ProxyIdentity(SidecarFixtures.HTTPBIN, "sidecar"));
        assertThat(translation.config().listeners()).hasSize(3);
        assertThat(certificates.issued()).containsExactly("httpbin.httpbin.cluster.local");
        assertThat(translation.statuses()).isNotEmpty();
    }

    @Test
    void namesThatAreNoWorkloadOfTheSnapshotGetTheEmptyConfig() {
        for (String name : new String[] {"sidecar.httpbin.nobody", "sidecar.nowhere", "gateway-1"}) {
            Translation translation = translator.translate(snapshot, new ProxyIdentity(name, "sidecar"));
            assertThat(translation.config()).isEqualTo(ProxyConfig.empty());
            assertThat(translation.statuses()).isEmpty();
        }
        assertThat(certificates.issued()).isEmpty();
    }

    @Test
    void theExternalRevisionIsTheCertificatesRevision() {
        assertThat(translator.externalRevision()).isZero();
        certificates.rotate();
        assertThat(translator.externalRevision()).isEqualTo(1);
    }
}
