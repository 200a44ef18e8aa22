package io.meshgate.kernel.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshgate.config.Access;
import io.meshgate.config.AccessGrant;
import io.meshgate.config.HeaderMatch;
import io.meshgate.config.PathMatch;
import io.meshgate.config.RouteMatch;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Who a destination rule's grants admit, and the reason given when none does. */
class AccessPolicyTest {
    private static final String BUYER = "bookbuyer.bookbuyer.cluster.local";
    private static final String THIEF = "bookthief.bookthief.cluster.local";
    private static final HttpHeaders NO_HEADERS = new DefaultHttpHeaders();

    private static Peer verified(String ip, String... principals) throws Exception {
        return new Peer(InetAddress.getByName(ip), true, Set.of(principals));
    }

    private static Peer plaintext(String ip) throws Exception {
        return new Peer(InetAddress.getByName(ip), false, Set.of());
    }

    private static AccessPolicy policy(AccessGrant... grants) {
        return AccessPolicy.compile(new Access(List.of(grants)), "rule r");
    }

    @Test
    void nullAccessIsOpenAndNobodyIsClosed() throws Exception {
        assertThat(AccessPolicy.compile(null, "rule r")).isNull();
        AccessPolicy nobody = AccessPolicy.compile(Access.NOBODY, "rule r");
        assertThat(nobody.admitConnection(verified("10.0.0.1", BUYER))).isEqualTo(AccessPolicy.NO_GRANTS);
        assertThat(nobody.admitRequest(verified("10.0.0.1", BUYER), "/", "GET", NO_HEADERS)).isEqualTo(AccessPolicy.NO_GRANTS);
    }

    @Test
    void principalsAdmitOnlyVerifiedPeersNamedInAGrant() throws Exception {
        AccessPolicy p = policy(new AccessGrant("tt", Set.of(BUYER.toUpperCase()), List.of(), List.of()));
        assertThat(p.admitConnection(verified("10.0.0.1", BUYER))).isNull();
        assertThat(p.admitConnection(verified("10.0.0.1", THIEF))).isEqualTo(AccessPolicy.PRINCIPAL_NOT_GRANTED);
        assertThat(p.admitConnection(plaintext("10.0.0.1"))).isEqualTo(AccessPolicy.UNAUTHENTICATED);
        // a principal's name claimed without a verified certificate counts for nothing
        assertThat(p.admitConnection(new Peer(InetAddress.getByName("10.0.0.1"), false, Set.of(BUYER))))
                .isEqualTo(AccessPolicy.UNAUTHENTICATED);
    }

    @Test
    void wildcardAdmitsAnyVerifiedPeerButNotPlaintext() throws Exception {
        AccessPolicy p = policy(new AccessGrant("any-mesh", Set.of(AccessGrant.ANY_PRINCIPAL), List.of(), List.of()));
        assertThat(p.admitConnection(verified("10.0.0.1", THIEF))).isNull();
        assertThat(p.admitConnection(verified("10.0.0.1"))).as("verified, no DNS SAN").isNull();
        assertThat(p.admitConnection(plaintext("10.0.0.1"))).isEqualTo(AccessPolicy.UNAUTHENTICATED);
    }

    @Test
    void sourceRangesAdmitPlaintextPeersByAddress() throws Exception {
        AccessPolicy p = policy(new AccessGrant("ingress", Set.of(), List.of("10.244.1.0/24", "fd00::/8"), List.of()));
        assertThat(p.admitConnection(plaintext("10.244.1.9"))).isNull();
        assertThat(p.admitConnection(plaintext("fd00::9"))).isNull();
        assertThat(p.admitConnection(plaintext("10.244.2.9"))).isEqualTo(AccessPolicy.UNAUTHENTICATED);
        assertThat(p.admitConnection(verified("10.244.2.9", THIEF))).isEqualTo(AccessPolicy.PRINCIPAL_NOT_GRANTED);
    }

    @Test
    void aGrantRequiringACertificateWantsTheNameAndTheAddress() throws Exception {
        String nginx = "ingress-nginx.ingress-nginx.cluster.local";
        // FSM's https IngressBackend: the Service's endpoints narrow the address, the certificate must name the client
        AccessPolicy p = policy(AccessGrant.certificateFrom("https", Set.of(nginx), List.of("10.244.3.4/32"), List.of()));
        assertThat(p.admitConnection(verified("10.244.3.4", nginx))).isNull();
        assertThat(p.admitConnection(plaintext("10.244.3.4"))).as("the address alone")
                .isEqualTo(AccessPolicy.UNAUTHENTICATED);
        assertThat(p.admitConnection(verified("10.244.3.4", THIEF))).as("another certificate from that address")
                .isEqualTo(AccessPolicy.PRINCIPAL_NOT_GRANTED);
        assertThat(p.admitConnection(verified("10.244.3.5", nginx))).as("the certificate from elsewhere")
                .isEqualTo(AccessPolicy.PRINCIPAL_NOT_GRANTED);
        assertThat(p.admitRequest(verified("10.244.3.5", nginx), "/get", "GET", NO_HEADERS))
                .isEqualTo(AccessPolicy.PRINCIPAL_NOT_GRANTED);

        AccessPolicy anywhere = policy(AccessGrant.certificateFrom("https", Set.of(nginx), List.of(), List.of()));
        assertThat(anywhere.admitConnection(verified("192.0.2.7", nginx))).as("no ranges: any address").isNull();
        assertThat(anywhere.admitConnection(plaintext("192.0.2.7"))).isEqualTo(AccessPolicy.UNAUTHENTICATED);

        AccessPolicy anyCertificate = policy(AccessGrant.certificateFrom("skip", Set.of(AccessGrant.ANY_PRINCIPAL),
                List.of("10.244.3.4/32"), List.of()));
        assertThat(anyCertificate.admitConnection(verified("10.244.3.4", THIEF))).isNull();
        assertThat(anyCertificate.admitConnection(verified("10.244.3.5", THIEF))).isEqualTo(AccessPolicy.PRINCIPAL_NOT_GRANTED);
    }

    @Test
    void aGrantRequiringACertificateMustNameOne() {
        assertThatThrownBy(() -> AccessGrant.certificateFrom("https", Set.of(), List.of("10.0.0.0/8"), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("requires a certificate but names no principal");
        assertThat(new AccessGrant("g", Set.of("a"), List.of(), List.of(), false).certificateRequired())
                .as("false is written as absent").isNull();
    }

    @Test
    void aCertificateGrantWantsAVerifiedListedPeerFromTheRange() throws Exception {
        AccessPolicy p = policy(AccessGrant.certificateFrom("acl", Set.of(BUYER), List.of("10.244.1.0/24"), List.of()));
        assertThat(p.admitConnection(verified("10.244.1.9", BUYER))).isNull();
        assertThat(p.admitConnection(plaintext("10.244.1.9"))).as("in range, no certificate")
                .isEqualTo(AccessPolicy.UNAUTHENTICATED);
        assertThat(p.admitConnection(verified("10.244.2.9", BUYER))).as("certificate, out of range")
                .isEqualTo(AccessPolicy.PRINCIPAL_NOT_GRANTED);
        assertThat(p.admitConnection(verified("10.244.1.9", THIEF))).isEqualTo(AccessPolicy.PRINCIPAL_NOT_GRANTED);

        AccessPolicy anyCertificate = policy(AccessGrant.certificateFrom("acl", Set.of(AccessGrant.ANY_PRINCIPAL), List.of("10.244.1.0/24"), List.of()));
        assertThat(anyCertificate.admitConnection(verified("10.244.1.9", THIEF))).isNull();
        AccessPolicy anywhere = policy(AccessGrant.certificateFrom("acl", Set.of(BUYER), List.of(), List.of()));
        assertThat(anywhere.admitConnection(verified("192.0.2.1", BUYER))).isNull();
    }

    @Test
    void strangersArePeersWithoutCertificateThatNoGrantAdmits() throws Exception {
        AccessPolicy p = policy(new AccessGrant("tt", Set.of(BUYER), List.of(), List.of()),
                new AccessGrant("acl", Set.of(), List.of("10.244.1.0/24"), List.of(RouteMatch.path(PathMatch.exact("/get")))));
        assertThat(p.stranger(plaintext("10.244.2.9"))).isTrue();
        assertThat(p.stranger(plaintext("10.244.1.9"))).as("named by a range, whatever it requests").isFalse();
        assertThat(p.stranger(verified("10.244.2.9", THIEF))).as("a mesh peer, even one not granted").isFalse();
        assertThat(AccessPolicy.compile(Access.NOBODY, "rule r").stranger(plaintext("10.244.1.9"))).isTrue();
    }

    @Test
    void requestsMustMatchOneOfTheAdmittingGrantsMatches() throws Exception {
        RouteMatch booksGet = new RouteMatch(PathMatch.prefix("/books"), Set.of("GET"), List.of());
        RouteMatch buyHeader = new RouteMatch(PathMatch.exact("/buy"), Set.of(),
                List.of(new HeaderMatch("user-agent", HeaderMatch.Type.REGEX, ".*bookbuyer.*")));
        AccessPolicy p = policy(
                new AccessGrant("buyer-routes", Set.of(BUYER), List.of(), List.of(booksGet, buyHeader)),
                new AccessGrant("thief-all", Set.of(THIEF), List.of(), List.of()));
        Peer buyer = verified("10.0.0.1", BUYER);
        assertThat(p.admitRequest(buyer, "/books/1", "GET", NO_HEADERS)).isNull();
        assertThat(p.admitRequest(buyer, "/books/1", "POST", NO_HEADERS)).isEqualTo(AccessPolicy.REQUEST_NOT_MATCHED);
        assertThat(p.admitRequest(buyer, "/buy", "POST", NO_HEADERS)).isEqualTo(AccessPolicy.REQUEST_NOT_MATCHED);
        assertThat(p.admitRequest(buyer, "/buy", "POST", new DefaultHttpHeaders().add("User-Agent", "curl bookbuyer/1")))
                .isNull();
        assertThat(p.admitRequest(verified("10.0.0.2", THIEF), "/anything", "DELETE", NO_HEADERS)).isNull();
        assertThat(p.admitRequest(plaintext("10.0.0.3"), "/books", "GET", NO_HEADERS)).isEqualTo(AccessPolicy.UNAUTHENTICATED);
    }

    @Test
    void badGrantsAreRefusedWithTheirName() {
        assertThatThrownBy(() -> policy(new AccessGrant("ingress", Set.of(), List.of("10.0.0.0/40"), List.of())))
                .hasMessageContaining("rule r access grant ingress").hasMessageContaining("0..32");
        assertThatThrownBy(() -> policy(new AccessGrant("g", Set.of("*"), List.of(),
                List.of(RouteMatch.path(PathMatch.regex("(unclosed"))))))
                .hasMessageContaining("rule r access grant g");
    }
}
