package io.meshgate.kernel.tls;

import java.util.Locale;

/**
 * Syntax of the names the TLS code compares: SNI values, Host headers and configured patterns
 * ({@code a.example.com}, {@code *.example.com}). Everything is compared lowercased and without a
 * trailing dot, so {@code A.Example.COM.} and {@code a.example.com} select the same certificate.
 */
public final class ServerNames {
    private static final int MAX_NAME_LENGTH = 253;
    private static final int MAX_LABEL_LENGTH = 63;

    private ServerNames() {}

    /**
     * The comparable form of an SNI value: lowercased, one trailing dot removed; null for null or
     * empty input.
     */
    public static String normalize(String name) {
        if (name == null || name.isEmpty()) {
            return null;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".")) {
            lower = lower.substring(0, lower.length() - 1);
        }
        return lower.isEmpty() ? null : lower;
    }

    /**
     * The comparable host of an HTTP {@code Host} header or {@code :authority}: the port and IPv6
     * brackets removed, then {@link #normalize}. Null for null or empty input.
     */
    public static String normalizeHost(String host) {
        if (host == null || host.isEmpty()) {
            return null;
        }
        String h = host.strip();
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? normalize(h) : normalize(h.substring(1, end));
        }
        int colon = h.indexOf(':');
        // more than one colon is a bare IPv6 literal, which has no port part
        if (colon >= 0 && colon == h.lastIndexOf(':')) {
            h = h.substring(0, colon);
        }
        return normalize(h);
    }

    /**
     * True for an SNI value safe to select on and to log: 1..253 characters of letters, digits,
     * {@code - . _}. Anything else (spaces, control characters, non-ASCII) is a malformed or hostile
     * ClientHello.
     */
    public static boolean plausibleSni(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * True for a lowercase DNS host name (RFC 1123 labels of letters, digits and inner hyphens, 1..63
     * characters each, 253 in all) that is not an IPv4 literal (its last label is not all digits).
     * Global passthrough relays only to such names, never to an address the client picked.
     */
    public static boolean isDnsName(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            return false;
        }
        String[] labels = name.split("\\.", -1);
        for (String label : labels) {
            if (!isDnsLabel(label)) {
                return false;
            }
        }
        return !labels[labels.length - 1].chars().allMatch(Character::isDigit);
    }

    /**
     * True for a configured pattern: a DNS name, or {@code *.} followed by a DNS name (a wildcard
     * covering exactly one label).
     */
    public static boolean isPattern(String pattern) {
        if (pattern == null) {
            return false;
        }
        return pattern.startsWith("*.") ? isDnsName(pattern.substring(2)) : isDnsName(pattern);
    }

    private static boolean isDnsLabel(String label) {
        if (label.isEmpty() || label.length() > MAX_LABEL_LENGTH
                || label.charAt(0) == '-' || label.charAt(label.length() - 1) == '-') {
            return false;
        }
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                return false;
            }
        }
        return true;
    }
}
