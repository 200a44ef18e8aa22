package io.meshgate.kernel.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshgate.config.Cluster;
import io.meshgate.config.Endpoint;
import io.meshgate.config.PrivateKeyPem;
import io.meshgate.config.UpstreamTls;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Compiling clusters: balancer, TLS context, and endpoint states kept or retired across config swaps. */
class UpstreamClusterTest {
    private static final Endpoint A = Endpoint.of("10.0.0.1", 80);
    private static final Endpoint B = Endpoint.of("10.0.0.2", 80);
    private static final Endpoint C = Endpoint.of("10.0.0.3", 80);
    private static final UpstreamTls VERIFY_CA = new UpstreamTls(TestPki.SERVER_NAME, true,
            TestPki.CA.getCertificatePEM(), null, null);

    private static Cluster cluster(Endpoint... endpoints) {
        return Cluster.of("api", List.of(endpoints));
    }

    @Test
    void aCleartextClusterHasNoTlsContextAndPicksItsEndpoints() {
        UpstreamCluster c = UpstreamCluster.compile(cluster(A, B));

        assertThat(c.sslContext()).isNull();
        assertThat(c.name()).isEqualTo("api");
        assertThat(c.timeouts()).isEqualTo(c.config().timeouts());
        assertThat(c.endpoints()).extracting(EndpointState::endpoint).containsExactly(A, B);
        assertThat(c.pick(null)).isIn(c.endpoints());
        assertThat(UpstreamCluster.compile(cluster(new Endpoint("10.0.0.9", 80, 0))).pick(null)).isNull();
    }

    @Test
    void aRecompileKeepsUnchangedEndpointsAndRetiresRemovedOnes() {
        UpstreamCluster v1 = UpstreamCluster.compile(cluster(A, B));
        EndpointState a = v1.endpoints().get(0);
        EndpointState b = v1.endpoints().get(1);
        a.requestStarted();

        UpstreamCluster v2 = UpstreamCluster.compile(cluster(C, A), v1);

        assertThat(v2.endpoints().get(1)).isSameAs(a);
        assertThat(v2.endpoints().get(1).inFlight()).isEqualTo(1);
        assertThat(v2.endpoints().get(0).endpoint()).isEqualTo(C);
        assertThat(a.isRetired()).isFalse();
        assertThat(b.isRetired()).isTrue();
    }

    @Test
    void aWeightChangeIsANewEndpoint() {
        UpstreamCluster v1 = UpstreamCluster.compile(cluster(A));
        UpstreamCluster v2 = UpstreamCluster.compile(cluster(new Endpoint(A.address(), A.port(), 5)), v1);

        assertThat(v2.endpoints().get(0)).isNotSameAs(v1.endpoints().get(0));
        assertThat(v2.endpoints().get(0).weight()).isEqualTo(5);
        assertThat(v1.endpoints().get(0).isRetired()).isTrue();
    }

    @Test
    void compilingWithoutPreviousRetiresNothing() {
        UpstreamCluster v1 = UpstreamCluster.compile(cluster(A));
        UpstreamCluster.compile(cluster(B));

        assertThat(v1.endpoints().get(0).isRetired()).isFalse();
    }

    @Test
    void changedTlsSettingsReplaceEveryEndpointStateAndTheContext() {
        UpstreamCluster plain = UpstreamCluster.compile(cluster(A));
        UpstreamCluster tls = UpstreamCluster.compile(cluster(A).withTls(VERIFY_CA), plain);

        // pooled cleartext connections must never carry requests meant to be encrypted
        assertThat(tls.endpoints().get(0)).isNotSameAs(plain.endpoints().get(0));
        assertThat(plain.endpoints().get(0).isRetired()).isTrue();
        assertThat(tls.sslContext()).isNotNull();

        UpstreamCluster same = UpstreamCluster.compile(cluster(A).withTls(VERIFY_CA), tls);
        assertThat(same.sslContext()).isSameAs(tls.sslContext());
        assertThat(same.endpoints().get(0)).isSameAs(tls.endpoints().get(0));
    }

    @Test
    void aProtocolChangeReplacesEndpointStates() {
        UpstreamCluster h1 = UpstreamCluster.compile(cluster(A));
        UpstreamCluster h2 = UpstreamCluster.compile(cluster(A).withProtocol(Cluster.UpstreamProtocol.HTTP2), h1);

        assertThat(h2.endpoints().get(0)).isNotSameAs(h1.endpoints().get(0));
        assertThat(h2.http2()).isTrue();
    }

    @Test
    void unresolvedHostsAreNotCarriedOverSoTheyAreLookedUpAgain() {
        Endpoint unknown = Endpoint.of("no-such-host.invalid", 80);
        UpstreamCluster v1 = UpstreamCluster.compile(cluster(unknown));
        UpstreamCluster v2 = UpstreamCluster.compile(cluster(unknown), v1);

        assertThat(v2.endpoints().get(0)).isNotSameAs(v1.endpoints().get(0));
    }

    @Test
    void retireMarksEveryEndpoint() {
        UpstreamCluster c = UpstreamCluster.compile(cluster(A, B));
        c.retire();

        assertThat(c.endpoints()).allMatch(EndpointState::isRetired);
    }

    @Test
    void alpnFollowsTheProtocol() {
        UpstreamCluster h2 = UpstreamCluster.compile(cluster(A).withTls(VERIFY_CA)
                .withProtocol(Cluster.UpstreamProtocol.HTTP2));
        UpstreamCluster h1 = UpstreamCluster.compile(cluster(A).withTls(VERIFY_CA));

        assertThat(h2.sslContext().applicationProtocolNegotiator().protocols()).containsExactly("h2");
        assertThat(h1.sslContext().applicationProtocolNegotiator().protocols()).containsExactly("http/1.1");
    }

    @Test
    void aBadCaBundleIsReportedWithTheClusterName() {
        Cluster bad = cluster(A).withTls(new UpstreamTls(null, true, "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n", null, null));

        assertThatThrownBy(() -> UpstreamCluster.compile(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cluster 'api'")
                .hasMessageContaining("trusted CA bundle");
        assertThatThrownBy(() -> UpstreamCluster.compile(cluster(A).withTls(new UpstreamTls(null, true, "nothing", null, null))))
                .hasMessageContaining("no PEM certificate");
    }

    @Test
    void aFailedCompileRetiresNothing() {
        UpstreamCluster v1 = UpstreamCluster.compile(cluster(A));
        Cluster bad = cluster(B).withTls(new UpstreamTls(null, true, "nothing", null, null));

        assertThatThrownBy(() -> UpstreamCluster.compile(bad, v1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(v1.endpoints().get(0).isRetired()).isFalse();
    }

    @Test
    void aClientKeyThatDoesNotMatchItsCertificateIsRejected() {
        UpstreamTls mismatched = new UpstreamTls(null, true, null, TestPki.CLIENT.getCertificatePEM(),
                PrivateKeyPem.of(TestPki.SERVER.getPrivateKeyPEM()));

        assertThatThrownBy(() -> UpstreamCluster.compile(cluster(A).withTls(mismatched)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cluster 'api'")
                .hasMessageContaining("does not match");
    }

    @Test
    void anUnreadableClientKeyIsRejected() {
        UpstreamTls broken = new UpstreamTls(null, true, null, TestPki.CLIENT.getCertificatePEM(),
                PrivateKeyPem.of("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"));

        assertThatThrownBy(() -> UpstreamCluster.compile(cluster(A).withTls(broken)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("client key");
    }

    @Test
    void anInvalidServerNameIsRejected() {
        assertThatThrownBy(() -> UpstreamCluster.compile(cluster(A).withTls(
                new UpstreamTls("bad name!", true, null, null, null))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad name!");
    }
}
