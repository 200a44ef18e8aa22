package io.meshgate.kernel.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshgate.config.Cluster;
import io.meshgate.config.DestinationRule;
import io.meshgate.config.DestinationRule.AppProtocol;
import io.meshgate.config.Endpoint;
import io.meshgate.config.HttpListener;
import io.meshgate.config.HttpSettings;
import io.meshgate.config.Listener;
import io.meshgate.config.MeshListener;
import io.meshgate.config.MeshListener.Direction;
import io.meshgate.config.MeshListener.UnmatchedDestination;
import io.meshgate.config.MeshTls;
import io.meshgate.config.PathMatch;
import io.meshgate.config.PrivateKeyPem;
import io.meshgate.config.ProxyConfig;
import io.meshgate.config.Route;
import io.meshgate.config.RouteMatch;
import io.meshgate.config.VirtualHost;
import io.meshgate.kernel.filter.FilterRegistry;
import io.meshgate.kernel.testing.TestCerts;
import io.netty.pkitesting.X509Bundle;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Compiling mesh listeners into a snapshot: their HTTP rules served by name, and clear errors. */
class RuntimeSnapshotMeshTest {
    private static final List<Cluster> CLUSTERS = List.of(Cluster.of("books", List.of(Endpoint.of("127.0.0.1", 8080))));

    private static DestinationRule httpRule(String name, String address) {
        VirtualHost any = new VirtualHost(name, List.of("*"),
                List.of(Route.to("all", RouteMatch.path(PathMatch.prefix("/")), "books")));
        return new DestinationRule(name, List.of(address), 14001, AppProtocol.HTTP, List.of(any), null, null);
    }

    private static MeshListener outbound(MeshTls tls, Direction direction, DestinationRule... rules) {
        return new MeshListener("outbound", "0.0.0.0", 15001, direction, List.of(rules),
                UnmatchedDestination.REFUSE, tls, HttpSettings.DEFAULTS);
    }

    private static RuntimeSnapshot compile(Listener... listeners) {
        return RuntimeSnapshot.compile(new ProxyConfig("v1", new ArrayList<>(List.of(listeners)), CLUSTERS), null,
                FilterRegistry.standard());
    }

    @Test
    void httpRulesAreServedAsListenersNamedAfterTheirMeshListener() {
        RuntimeSnapshot snapshot = compile(outbound(null, Direction.OUTBOUND, httpRule("books", "10.96.0.10")));
        assertThat(snapshot.meshListener("outbound")).isNotNull();
        assertThat(snapshot.httpListener("outbound/books")).isNotNull();
        assertThat(snapshot.httpListener("outbound/books").access()).as("no access: anyone").isNull();
    }

    @Test
    void anHttpListenerCannotShadowARuleByName() {
        HttpListener shadow = HttpListener.plain("outbound/books", "127.0.0.1", 0, List.of());
        assertThatThrownBy(() -> compile(shadow, outbound(null, Direction.OUTBOUND, httpRule("books", "10.96.0.10"))))
                .hasMessageContaining("listener outbound/books");
    }

    @Test
    void ruleAddressesMustBeIpLiterals() {
        assertThatThrownBy(() -> compile(outbound(null, Direction.OUTBOUND, httpRule("books", "books.default"))))
                .hasMessage("listener outbound: destination rule books: address 'books.default' is not an IP address");
    }

    @Test
    void meshTlsWhoseKeyIsNotTheCertificatesIsRefused() {
        X509Bundle ca = TestCerts.rootCa("mesh CA");
        X509Bundle a = TestCerts.workload(ca, "a.default.cluster.local");
        X509Bundle b = TestCerts.workload(ca, "b.default.cluster.local");
        MeshTls mismatched = new MeshTls(a.getCertificatePathPEM(), PrivateKeyPem.of(b.getPrivateKeyPEM()),
                ca.getCertificatePEM());
        assertThatThrownBy(() -> compile(outbound(mismatched, Direction.INBOUND, httpRule("books", "10.96.0.10"))))
                .hasMessageStartingWith("listener outbound: mesh TLS: private key does not match");
    }
}
