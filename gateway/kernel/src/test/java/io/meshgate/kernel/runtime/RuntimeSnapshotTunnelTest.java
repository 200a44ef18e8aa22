package io.meshgate.kernel.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshgate.config.MeshTls;
import io.meshgate.config.PrivateKeyPem;
import io.meshgate.config.ProxyConfig;
import io.meshgate.config.TunnelListener;
import io.meshgate.config.TunnelMode;
import io.meshgate.config.TunnelRule;
import io.meshgate.kernel.filter.FilterRegistry;
import io.meshgate.kernel.testing.TestCerts;
import io.netty.pkitesting.X509Bundle;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Tunnel listeners compile with the snapshot: served by name, or the whole config refused with the listener's name. */
class RuntimeSnapshotTunnelTest {

    private static RuntimeSnapshot compile(TunnelListener listener) {
        return RuntimeSnapshot.compile(new ProxyConfig("v1", List.of(listener), List.of()), null, FilterRegistry.standard());
    }

    @Test
    void aTunnelListenerIsServedByName() {
        RuntimeSnapshot snapshot = compile(new TunnelListener("egress", "0.0.0.0", 1080, TunnelMode.SOCKS5, null,
                List.of(new TunnelRule("r", Set.of(), List.of("httpbin.org"), List.of("10.0.0.0/8"), List.of(80))),
                false, null));
        assertThat(snapshot.tunnelListener("egress")).isNotNull();
        assertThat(snapshot.tunnelListener("egress").config().mode()).isEqualTo(TunnelMode.SOCKS5);
        assertThat(snapshot.tunnelListener("other")).isNull();
    }

    @Test
    void aRuleAddressThatIsNoCidrRefusesTheConfig() {
        assertThatThrownBy(() -> compile(new TunnelListener("egress", "0.0.0.0", 1080, TunnelMode.CONNECT, null,
                List.of(new TunnelRule("bad", Set.of(), List.of(), List.of("10.0.0.0/40"), List.of())), false, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("listener egress: tunnel rule bad: address '10.0.0.0/40'");
    }

    @Test
    void aKeyThatIsNotTheCertificatesRefusesTheConfig() {
        X509Bundle ca = TestCerts.rootCa("mesh CA");
        X509Bundle gateway = TestCerts.workload(ca, "fsm-egress-gateway.fsm-system.cluster.local");
        X509Bundle other = TestCerts.workload(ca, "other.other.cluster.local");
        MeshTls mismatched;
        try {
            mismatched = new MeshTls(gateway.getCertificatePathPEM(), PrivateKeyPem.of(other.getPrivateKeyPEM()),
                    ca.getCertificatePEM());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        assertThatThrownBy(() -> compile(new TunnelListener("egress", "0.0.0.0", 1080, TunnelMode.CONNECT, mismatched,
                List.of(), true, null)))
                .hasMessageStartingWith("listener egress: tunnel TLS: private key does not match the certificate");
    }
}
