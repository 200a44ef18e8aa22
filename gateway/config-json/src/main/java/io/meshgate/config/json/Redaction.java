package io.meshgate.config.json;

import java.util.regex.Pattern;

/**
 * What a redacted dump writes instead of key material: every {@link io.meshgate.config.PrivateKeyPem}
 * becomes {@value #REDACTED}, and PEM private key blocks are cut out of every other string too, so that
 * a key pasted into another field (a certificate bundle that also holds its key, a response body) cannot
 * leak either.
 */
final class Redaction {
    private Redaction() {}

    /** What a private key becomes in a redacted dump. */
    static final String REDACTED = "[redacted]";

    // java.util.regex, not re2j: this module depends on jackson-core only; the pattern is fixed and linear
    private static final Pattern PEM_PRIVATE_KEY = Pattern.compile(
            "-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----.*?(-----END [A-Z0-9 ]*PRIVATE KEY-----|\\z)", Pattern.DOTALL);

    /** {@code text} with every PEM private key block (up to its end line, or to the end) replaced. */
    static String stripKeys(String text) {
        return text.contains("PRIVATE KEY") ? PEM_PRIVATE_KEY.matcher(text).replaceAll(REDACTED) : text;
    }
}
