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
 * <p>With {@code certificateRequired} both must hold instead: the peer must present a verified
 * certificate naming one of {@code principals} ({@code *}: any verified certificate) and, when
 * {@code sourceRanges} are given, connect from one of them. This is FSM's IngressBackend backend of
 * protocol {@code https} and AccessControl or IngressBackend backend with {@code tls}: the named
 * sources must speak mTLS, their addresses only narrow where they may connect from.
 *
 * @param name                shown in access-log lines and denial counters (e.g. the TrafficTarget)
 * @param certificateRequired certificate and address (above); null means false, and stays null so that
 *                            configs written before the switch existed read and serialise as before
 */
public record AccessGrant(String name, Set<String> principals, List<String> sourceRanges, List<RouteMatch> matches,
                          Boolean certificateRequired) {
    /** Any peer with a verified mesh certificate. */
    public static final String ANY_PRINCIPAL = "*";

    public AccessGrant {
        Checks.name(name, "accessGrant.name");
        principals = principals == null ? Set.of()
                : java.util.Collections.unmodifiableSet(new TreeSet<>(
                        principals.stream().map(p -> p.toLowerCase(Locale.ROOT)).toList()));
        sourceRanges = Checks.list(sourceRanges);
        matches = Checks.list(matches);
        certificateRequired = Boolean.TRUE.equals(certificateRequired) ? Boolean.TRUE : null;
        if (principals.isEmpty() && sourceRanges.isEmpty()) {
            throw new IllegalArgumentException("accessGrant " + name + " names no principal and no source range");
        }
        if (certificateRequired != null && principals.isEmpty()) {
            throw new IllegalArgumentException("accessGrant " + name
                    + " requires a certificate but names no principal (use \"*\" for any mesh certificate)");
        }
    }

    /** A grant admitting a listed principal or a listed source address. */
    public AccessGrant(String name, Set<String> principals, List<String> sourceRanges, List<RouteMatch> matches) {
        this(name, principals, sourceRanges, matches, null);
    }

    /**
     * A grant admitting only peers with a verified certificate naming one of {@code principals}
     * ({@code *}: any), from one of {@code sourceRanges} when it lists any.
     */
    public static AccessGrant certificateFrom(String name, Set<String> principals, List<String> sourceRanges,
                                              List<RouteMatch> matches) {
        return new AccessGrant(name, principals, sourceRanges, matches, Boolean.TRUE);
    }

    /** True when a certificate is required ({@link #certificateRequired}, null read as false). */
    public boolean requiresCertificate() {
        return Boolean.TRUE.equals(certificateRequired);
    }
}
