package io.meshgate.config;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * One way in. A peer is admitted by a grant when its principal is listed (the identity in its
 * verified client certificate, {@code <serviceaccount>.<namespace>.cluster.local}; {@code *}
 * admits any peer with a verified mesh certificate), or when its source address lies in one of
 * {@code sourceRanges} (CIDRs; FSM's IngressBackend {@code IPRange}, plaintext allowed). For HTTP
 * the request must also satisfy one of {@code matches} (empty = any request).
 *
 * <p>With {@code principalRequired} the two are no longer alternatives: the peer must present a
 * listed principal, and {@code sourceRanges}, when there are any, only narrow where it may connect
 * from. That is FSM's reading of an IngressBackend whose backend protocol is {@code https}: the
 * sources' endpoints restrict the client's address, the {@code AuthenticatedPrincipal} sources say
 * which certificate it must present.
 *
 * @param name              shown in access-log lines and denial counters (e.g. the TrafficTarget)
 * @param principalRequired true: principal and address (above); null means false. It stays null so
 *                          that configs written before the switch existed serialise exactly as before
 */
public record AccessGrant(String name, Set<String> principals, List<String> sourceRanges, List<RouteMatch> matches,
                          Boolean principalRequired) {
    /** Any peer with a verified mesh certificate. */
    public static final String ANY_PRINCIPAL = "*";

    public AccessGrant {
        Checks.name(name, "accessGrant.name");
        principals = principals == null ? Set.of()
                : java.util.Collections.unmodifiableSet(new TreeSet<>(
                        principals.stream().map(p -> p.toLowerCase(Locale.ROOT)).toList()));
        sourceRanges = Checks.list(sourceRanges);
        matches = Checks.list(matches);
        principalRequired = Boolean.TRUE.equals(principalRequired) ? Boolean.TRUE : null;
        if (principals.isEmpty() && sourceRanges.isEmpty()) {
            throw new IllegalArgumentException("accessGrant " + name + " names no principal and no source range");
        }
        if (principalRequired != null && principals.isEmpty()) {
            throw new IllegalArgumentException("accessGrant " + name + " requires a principal but names none");
        }
    }

    /** A grant admitting a listed principal or a listed source address. */
    public AccessGrant(String name, Set<String> principals, List<String> sourceRanges, List<RouteMatch> matches) {
        this(name, principals, sourceRanges, matches, null);
    }

    /**
     * A grant admitting only peers that present one of {@code principals}, from one of
     * {@code sourceRanges} when it lists any.
     */
    public static AccessGrant principalFrom(String name, Set<String> principals, List<String> sourceRanges,
                                            List<RouteMatch> matches) {
        return new AccessGrant(name, principals, sourceRanges, matches, Boolean.TRUE);
    }

    /** True when a principal is required ({@link #principalRequired}, null read as false). */
    public boolean requiresPrincipal() {
        return Boolean.TRUE.equals(principalRequired);
    }
}
