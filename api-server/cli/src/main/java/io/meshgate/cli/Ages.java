package io.meshgate.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** kubectl's short ages: {@code 45s}, {@code 3m12s}, {@code 5h}, {@code 12d}, {@code 2y}. */
final class Ages {
    private Ages() {}

    /** The age of an RFC 3339 timestamp at {@code now}; {@code <unknown>} when missing or malformed. */
    static String since(String timestamp, Instant now) {
        if (timestamp == null || timestamp.isEmpty()) {
            return "<unknown>";
        }
        try {
            return format(Duration.between(Instant.parse(timestamp), now));
        } catch (DateTimeParseException e) {
            return "<unknown>";
        }
    }

    static String format(Duration age) {
        long s = Math.max(0, age.toSeconds());
        if (s < 120) {
            return s + "s";
        }
        long m = s / 60;
        if (m < 10) {
            return m + "m" + (s % 60 == 0 ? "" : (s % 60) + "s");
        }
        if (m < 180) {
            return m + "m";
        }
        long h = m / 60;
        if (h < 8) {
            return h + "h" + (m % 60 == 0 ? "" : (m % 60) + "m");
        }
        if (h < 48) {
            return h + "h";
        }
        long d = h / 24;
        if (d < 8) {
            return d + "d" + (h % 24 == 0 ? "" : (h % 24) + "h");
        }
        if (d < 365 * 2) {
            return d + "d";
        }
        return (d / 365) + "y";
    }
}
