package io.meshgate.console.certs;

import java.time.Duration;
import java.time.Instant;

/**
 * How urgently a certificate needs renewing, relative to its own lifetime so that short-lived
 * certificates are not always flagged and long-lived ones are flagged early enough: WARNING when
 * less than 30% of the lifetime is left, DANGER when less than 10% or less than 24 hours is left.
 */
public enum ExpiryLevel {
    OK, WARNING, DANGER, EXPIRED;

    static final double WARNING_FRACTION = 0.30;
    static final double DANGER_FRACTION = 0.10;
    static final Duration DANGER_ALWAYS = Duration.ofHours(24);

    /** The level of a certificate valid from {@code notBefore} to {@code notAfter}, at {@code now}. */
    public static ExpiryLevel of(Instant notBefore, Instant notAfter, Instant now) {
        Duration left = Duration.between(now, notAfter);
        if (!left.isPositive()) {
            return EXPIRED;
        }
        long lifetimeMillis = Math.max(1, Duration.between(notBefore, notAfter).toMillis());
        double fractionLeft = (double) left.toMillis() / lifetimeMillis;
        if (fractionLeft < DANGER_FRACTION || left.compareTo(DANGER_ALWAYS) < 0) {
            return DANGER;
        }
        return fractionLeft < WARNING_FRACTION ? WARNING : OK;
    }

    /** "12 days left", "5 h left", "expired 3 days ago". */
    public static String describe(Instant notAfter, Instant now) {
        Duration left = Duration.between(now, notAfter);
        if (!left.isPositive()) {
            return "expired " + amount(left.negated()) + " ago";
        }
        return amount(left) + " left";
    }

    private static String amount(Duration d) {
        if (d.toDays() >= 2) {
            return d.toDays() + " days";
        }
        if (d.toHours() >= 1) {
            return d.toHours() + " h";
        }
        return Math.max(1, d.toMinutes()) + " min";
    }
}
