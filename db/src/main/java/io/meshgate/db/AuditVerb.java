package io.meshgate.db;

import java.util.Locale;

/**
 * What an audit row records. Stored lower-case. {@link #SIGN} records a certificate the CA signed
 * (kind {@code Certificate}, no stored object), so the history shows who obtained which identity.
 */
public enum AuditVerb {
    CREATE, UPDATE, DELETE, REVERT, REJECTED, SIGN;

    /** The value stored in the {@code verb} column. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a stored or user-supplied value (case-insensitive). */
    public static AuditVerb parse(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
