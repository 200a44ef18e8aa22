package io.meshgate.proxy;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The one way every command line of Meshgate reads a duration ({@code meshgate proxy}, {@code meshgate up},
 * {@code meshgate ingress-controller}): {@code 500ms}, {@code 15s}, {@code 1m}, {@code 0}, or ISO-8601
 * ({@code PT15S}). Whether zero or a negative value makes sense is the caller's to say.
 */
public final class DurationFlag {
    private DurationFlag() {
    }

    /**
     * Reads {@code value} given for {@code flag}.
     *
     * @throws IllegalArgumentException naming the flag when the value is not a duration
     */
    public static Duration parse(String flag, String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (text.equals("0")) {
                return Duration.ZERO;
            }
            if (text.startsWith("p") || text.startsWith("-p")) {
                return Duration.parse(value.trim()); // ISO-8601 ends with S too: not a number of seconds
            }
            if (text.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            }
            if (text.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
            }
            if (text.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            // reported below
        }
        throw new IllegalArgumentException(flag + " must be a duration such as 15s, 500ms or 1m, got '" + value + "'");
    }

    /** Like {@link #parse}, and not negative (zero is allowed: "none"). */
    public static Duration notNegative(String flag, String value) {
        Duration d = parse(flag, value);
        if (d.isNegative()) {
            throw new IllegalArgumentException(flag + " must not be negative, got '" + value + "'");
        }
        return d;
    }
}
