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
 * @param name         shown in access-log lines and denial counters (e.g. the TrafficTarget)
 */
public record AccessGrant(String name, Set<String> principals, List<String> sourceRanges, List<RouteMatch> matches) {
    /** Any peer with a verified mesh certificate. */
    public static final String ANY_PRINCIPAL = "*";

    public AccessGrant {
        Checks.name(name, "accessGrant.name");
        principals = principals == null ? Set.of()
                : java.util.Collections.unmodifiableSet(new TreeSet<>(
                        principals.stream().map(p -> p.toLowerCase(Locale.ROOT)).toList()));
        sourceRanges = Checks.list(sourceRanges);
        matches = Checks.list(matches);
        if (principals.isEmpty() && sourceRanges.isEmpty()) {
            throw new IllegalArgumentException("accessGrant " + name + " names no principal and no source range");
        }
    }
}
