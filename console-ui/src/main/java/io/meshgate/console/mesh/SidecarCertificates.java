package io.meshgate.console.mesh;

import io.meshgate.console.certs.ExpiryLevel;

import java.time.Duration;
import java.time.Instant;

/**
 * How a sidecar's workload certificate stands. The control plane issues them for 24 h and renews
 * them when a third of that is left, so a certificate with less than 8 h left was not renewed in
 * time (its sidecar has not fetched its config lately); {@link ExpiryLevel} (relative to a lifetime
 * the proxies list does not report, and DANGER under 24 h) would flag every healthy one.
 */
public final class SidecarCertificates {
    /** The mesh's validity for workload certificates. */
    static final Duration VALIDITY = Duration.ofHours(24);
    /** Less than this left means renewal is overdue. */
    static final Duration RENEWAL_OVERDUE = VALIDITY.dividedBy(3);

    private SidecarCertificates() {}

    /** A certificate's standing. */
    public enum Standing { UNKNOWN, OK, RENEWAL_OVERDUE, EXPIRED }

    public static Standing standing(Instant notAfter, Instant now) {
        if (notAfter == null) {
            return Standing.UNKNOWN;
        }
        Duration left = Duration.between(now, notAfter);
        if (!left.isPositive()) {
            return Standing.EXPIRED;
        }
        return left.compareTo(RENEWAL_OVERDUE) < 0 ? Standing.RENEWAL_OVERDUE : Standing.OK;
    }

    /** {@code 23 h left}, {@code expired 2 h ago}, or {@code unknown}. */
    public static String describe(Instant notAfter, Instant now) {
        return notAfter == null ? "unknown" : ExpiryLevel.describe(notAfter, now);
    }
}
