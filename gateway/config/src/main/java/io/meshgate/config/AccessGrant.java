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
 * certificate naming one of {@code principals} (any verified certificate when the set is empty or
 * holds {@code *}) and, when {@code sourceRanges} are given, connect from one of them. This is FSM's
 * AccessControl or IngressBackend backend with {@code tls}: the named sources must speak mTLS.
 *
 * @param name                shown in access-log lines and denial counters (e.g. the TrafficTarget)
 * @param certificateRequired the peer needs a verified certificate and an address in range
 */
public record AccessGrant(String name, Set<String> principals, List<String> sourceRanges, List<RouteMatch> matches,
                          boolean certificateRequired) {
    /** Any peer with a verified mesh certificate. */
    public static final String ANY_PRINCIPAL = "*";

    public AccessGrant {
        Checks.name(name, "accessGrant.name");
        principals = principals == null ? Set.of()
                : java.util.Collections.unmodifiableSet(new TreeSet<>(
                        principals.stream().map(p -> p.toLowerCase(Locale.ROOT)).toList()));
        sourceRanges = Checks.list(sourceRanges);
        matches = Checks.list(matches);
        if (principals.isEmpty() && sourceRanges.isEmpty() && !certificateRequired) {
            throw new IllegalArgumentException("accessGrant " + name + " names no principal and no source range");
        }
    }

    /** A grant admitting listed principals or addresses in range, with or without a certificate. */
    public AccessGrant(String name, Set<String> principals, List<String> sourceRanges, List<RouteMatch> matches) {
        this(name, principals, sourceRanges, matches, false);
    }
}
