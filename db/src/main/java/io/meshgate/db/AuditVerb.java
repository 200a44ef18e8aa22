package io.meshgate.db;

import java.util.Locale;

/**
 * What an audit row records. Stored lower-case. {@link #SIGN} records a certificate the CA signed
 * (kind {@code Certificate}, no stored object), so the history shows who obtained which identity.
 * {@link #STATUS} records a write of an object's {@code status} subresource only (by the reconciler,
 * or a client of {@code .../status}).
 */
public enum AuditVerb {
    CREATE, UPDATE, DELETE, REVERT, REJECTED, SIGN, STATUS;

    /** The value stored in the {@code verb} column. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a stored or user-supplied value (case-insensitive). */
    public static AuditVerb parse(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
