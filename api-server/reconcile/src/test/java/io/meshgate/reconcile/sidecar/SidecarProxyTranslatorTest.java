package io.meshgate.reconcile.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.config.ProxyConfig;
import io.meshgate.reconcile.ProxyIdentity;
import io.meshgate.reconcile.ResourceSnapshot;
import io.meshgate.reconcile.Translation;
import io.meshgate.resources.Resource;
import io.meshgate.resources.ResourceCodec;
import io.meshgate.sidecar.translator.SidecarInputs;
import java.util.ArrayList;
import java.util.List;
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
    void onlyTheSecretsEgressPoliciesNameReachTheTranslator() {
        List<Resource> resources = new ArrayList<>(SidecarFixtures.mesh());
        resources.addAll(new ResourceCodec().parse("""
                kind: Egress
                apiVersion: policy.flomesh.io/v1alpha1
                metadata: {name: server-8443, namespace: curl}
                spec:
                  sources:
                  - kind: ServiceAccount
                    name: curl
                    namespace: curl
                    mtls: {issuer: other, cert: {sn: 1, subjectAltNames: [a.b], expiration: 2030-1-1 00:00:00,
                           secret: {name: egress-cert, namespace: fsm-system}}}
                  - kind: ServiceAccount
                    name: other
                    namespace: curl
                    mtls: {issuer: other, cert: {sn: 2, subjectAltNames: [a.b], expiration: 2030-1-1 00:00:00,
                           secret: {name: not-there, namespace: fsm-system}}}
                  hosts: [server.example.com]
                  ports: [{number: 8443, protocol: http}]
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: egress-cert, namespace: fsm-system}
                stringData: {ca.crt: x, tls.crt: y, tls.key: z}
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: unrelated, namespace: fsm-system}
                stringData: {tls.key: never read}
                """));
        SidecarInputs inputs = SidecarProxyTranslator.inputs(SidecarFixtures.snapshot(2, 2, resources));
        assertThat(inputs.secrets()).extracting(Resource::name).containsExactly("egress-cert");
        assertThat(inputs.egresses()).extracting(Resource::name).containsExactly("server-8443");
    }

    @Test
    void theExternalRevisionIsTheCertificatesRevision() {
        assertThat(translator.externalRevision()).isZero();
        certificates.rotate();
        assertThat(translator.externalRevision()).isEqualTo(1);
    }
}
