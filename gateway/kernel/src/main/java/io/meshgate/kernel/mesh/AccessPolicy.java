package io.meshgate.kernel.mesh;

import io.meshgate.config.Access;
import io.meshgate.config.AccessGrant;
import io.meshgate.config.RouteMatch;
import io.meshgate.kernel.routing.RequestMatcher;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A destination rule's compiled {@link Access}: who may open a TCP connection, and which HTTP
 * requests which peers may send. A peer is admitted by a grant when one of its verified principals is
 * listed ({@code *}: any verified peer) or its address lies in one of the grant's source ranges (a
 * grant that requires a certificate wants both: a verified, listed principal and an address in
 * range); an HTTP request must in addition satisfy one of that grant's matches (none = any request).
 * The checks answer null when admitted, else one of a few fixed reasons, for the denial counter and
 * the access log: they say why no grant admitted, never which grant came close.
 *
 * <p>A peer without a verified certificate that no grant admits is a stranger to the workload
 * ({@link #stranger}): FSM's sidecar resets such connections before looking at a request, because
 * only the mesh's own proxies and the sources its policies name may connect at all.
 */
final class AccessPolicy {
    /** The rule has an access with no grant at all ({@link Access#NOBODY}). */
    static final String NO_GRANTS = "no grants";
    /** No grant admits a peer without a verified certificate from its address. */
    static final String UNAUTHENTICATED = "peer not authenticated";
    /** The peer has a verified certificate, but no grant names it (nor its address). */
    static final String PRINCIPAL_NOT_GRANTED = "principal not granted";
    /** Some grant admits the peer, but the request matches none of those grants' matches. */
    static final String REQUEST_NOT_MATCHED = "request not matched";

    private final List<Grant> grants;

    private AccessPolicy(List<Grant> grants) {
        this.grants = grants;
    }

    /**
     * @param where names the rule in error messages
     * @return null for a null access (anyone may use the rule)
     * @throws IllegalArgumentException for a malformed source range or a match that does not compile
     */
    static AccessPolicy compile(Access access, String where) {
        if (access == null) {
            return null;
        }
        List<Grant> grants = new ArrayList<>();
        for (AccessGrant grant : access.grants()) {
            String at = where + " access grant " + grant.name();
            try {
                List<CidrRange> ranges = grant.sourceRanges().stream().map(CidrRange::parse).toList();
                List<RequestMatcher> matches = new ArrayList<>();
                for (int i = 0; i < grant.matches().size(); i++) {
                    RouteMatch match = grant.matches().get(i);
                    matches.add(RequestMatcher.compile(match, at + " match " + i));
                }
                grants.add(new Grant(grant.principals(), ranges, List.copyOf(matches), grant.requiresCertificate()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(at + ": " + e.getMessage(), e);
            }
        }
        return new AccessPolicy(List.copyOf(grants));
    }

    /**
     * True when {@code peer} has no verified certificate and no grant admits it, whatever it would
     * send: not a mesh peer and not a source any policy names.
     */
    boolean stranger(Peer peer) {
        return !peer.verified() && admitConnection(peer) != null;
    }

    /** Null when some grant admits {@code peer} (a TCP connection); else why not. */
    String admitConnection(Peer peer) {
        for (Grant grant : grants) {
            if (grant.admits(peer)) {
                return null;
            }
        }
        return peerReason(peer);
    }

    /** Null when some grant admits {@code peer} and the request; else why not. */
    String admitRequest(Peer peer, String path, String method, HttpHeaders headers) {
        boolean peerAdmitted = false;
        for (Grant grant : grants) {
            if (!grant.admits(peer)) {
                continue;
            }
            peerAdmitted = true;
            if (grant.allows(path, method, headers)) {
                return null;
            }
        }
        return peerAdmitted ? REQUEST_NOT_MATCHED : peerReason(peer);
    }

    private String peerReason(Peer peer) {
        if (grants.isEmpty()) {
            return NO_GRANTS;
        }
        return peer.verified() ? PRINCIPAL_NOT_GRANTED : UNAUTHENTICATED;
    }

    private record Grant(Set<String> principals, List<CidrRange> sourceRanges, List<RequestMatcher> matches,
                         boolean certificateRequired) {

        boolean admits(Peer peer) {
            if (certificateRequired) {
                return peer.verified() && namesOneOf(peer)
                        && (sourceRanges.isEmpty() || inRange(peer));
            }
            return (peer.verified() && namesOneOf(peer)) || inRange(peer);
        }

        private boolean namesOneOf(Peer peer) {
            if (principals.contains(AccessGrant.ANY_PRINCIPAL)) {
                return true;
            }
            for (String principal : peer.principals()) {
                if (principals.contains(principal)) {
                    return true;
                }
            }
            return false;
        }

        private boolean inRange(Peer peer) {
            if (peer.address() != null) {
                for (CidrRange range : sourceRanges) {
                    if (range.contains(peer.address())) {
                        return true;
                    }
                }
            }
            return false;
        }

        boolean allows(String path, String method, HttpHeaders headers) {
            if (matches.isEmpty()) {
                return true;
            }
            for (RequestMatcher match : matches) {
                if (match.matches(path, method, headers)) {
                    return true;
                }
            }
            return false;
        }
    }
}
