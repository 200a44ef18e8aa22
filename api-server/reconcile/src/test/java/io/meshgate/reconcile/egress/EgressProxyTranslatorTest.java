package io.meshgate.reconcile.egress;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.config.PrivateKeyPem;
import io.meshgate.config.ProxyConfig;
import io.meshgate.config.TunnelListener;
import io.meshgate.config.TunnelMode;
import io.meshgate.reconcile.ProxyIdentity;
import io.meshgate.reconcile.ResourceSnapshot;
import io.meshgate.reconcile.SnapshotObject;
import io.meshgate.reconcile.Translation;
import io.meshgate.reconcile.sidecar.WorkloadCertificates;
import io.meshgate.resources.Resource;
import io.meshgate.resources.ResourceCodec;
import io.meshgate.resources.ResourceKey;
import io.meshgate.sidecar.translator.WorkloadCertificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The gateway's certificate comes from the sidecars' issuer; without an EgressGateway policy it waits. */
class EgressProxyTranslatorTest {
    private static final String GATEWAY = """
            kind: EgressGateway
            apiVersion: policy.flomesh.io/v1alpha1
            metadata: {name: global, namespace: curl}
            spec:
              global: [{service: fsm-egress-gateway, namespace: fsm-system}]
            ---
            """;
    private static final String EGRESS = """
            kind: Egress
            apiVersion: policy.flomesh.io/v1alpha1
            metadata: {name: httpbin-80, namespace: curl}
            spec:
              sources: [{kind: ServiceAccount, name: curl, namespace: curl}]
              hosts: [httpbin.org]
              ports: [{number: 80, protocol: http}]
            """;

    private final Certificates certificates = new Certificates();
    private final EgressProxyTranslator translator = new EgressProxyTranslator(certificates);
    private final ProxyIdentity gateway = new ProxyIdentity("egress-gateway.fsm-system", "egress");

    @Test
    void anEgressGatewayPolicyGivesTheGatewayItsTunnelListenerWithItsOwnCertificate() {
        Translation translation = translator.translate(snapshot(GATEWAY + EGRESS), gateway);
        TunnelListener listener = (TunnelListener) translation.config().listeners().getFirst();
        assertThat(listener.port()).isEqualTo(1080);
        assertThat(listener.mode()).isEqualTo(TunnelMode.CONNECT);
        assertThat(listener.tls().certificateChainPem()).contains("fsm-egress-gateway.fsm-system.cluster.local #0");
        assertThat(listener.rules()).singleElement().satisfies(rule -> {
            assertThat(rule.principals()).containsExactly("curl.curl.cluster.local");
            assertThat(rule.hosts()).containsExactly("httpbin.org");
            assertThat(rule.ports()).containsExactly(80);
        });
        assertThat(certificates.issued).containsExactly("fsm-system/fsm-egress-gateway");
        assertThat(translation.statuses()).containsKeys(new ResourceKey("Egress", "curl", "httpbin-80"),
                new ResourceKey("EgressGateway", "curl", "global"));
    }

    @Test
    void withoutAnEgressGatewayPolicyTheGatewayServesNothingAndGetsNoCertificate() {
        Translation translation = translator.translate(snapshot(EGRESS), gateway);
        assertThat(translation.config()).isEqualTo(ProxyConfig.empty());
        assertThat(translation.statuses()).isEmpty();
        assertThat(certificates.issued).isEmpty();
    }

    @Test
    void aRotationChangesTheExternalRevisionAndTheCertificate() {
        assertThat(translator.externalRevision()).isZero();
        certificates.generation.incrementAndGet();
        assertThat(translator.externalRevision()).isEqualTo(1);
        TunnelListener listener = (TunnelListener) translator.translate(snapshot(GATEWAY), gateway)
                .config().listeners().getFirst();
        assertThat(listener.tls().certificateChainPem()).contains("#1");
    }

    private static ResourceSnapshot snapshot(String yaml) {
        List<Resource> resources = new ResourceCodec().parse(yaml);
        Map<String, List<SnapshotObject>> byKind = new TreeMap<>();
        resources.forEach(r -> byKind.computeIfAbsent(r.kind(), k -> new ArrayList<>()).add(new SnapshotObject(r, "1")));
        return new ResourceSnapshot(1, 1, byKind);
    }

    /** PEM-armoured text naming identity and generation: the translator copies it without reading it. */
    private static final class Certificates implements WorkloadCertificates {
        final AtomicLong generation = new AtomicLong();
        final List<String> issued = new ArrayList<>();

        @Override
        public synchronized WorkloadCertificate issue(String namespace, String serviceAccount) {
            issued.add(namespace + "/" + serviceAccount);
            String identity = serviceAccount + "." + namespace + ".cluster.local";
            return new WorkloadCertificate("-----BEGIN CERTIFICATE-----\n" + identity + " #" + generation.get()
                    + "\n-----END CERTIFICATE-----\n",
                    PrivateKeyPem.of("-----BEGIN PRIVATE KEY-----\nkey\n-----END PRIVATE KEY-----\n"),
                    "-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n");
        }

        @Override
        public long revision() {
            return generation.get();
        }
    }
}
