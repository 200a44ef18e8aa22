package io.meshgate.db;

import java.util.Locale;

/** What an API token may do; each role includes the ones before it. */
public enum Role {
    /** Read resources (secrets redacted), audit and status. */
    VIEWER,
    /** Plus create, change and delete configuration. */
    EDITOR,
    /** Plus tokens and security settings. */
    ADMIN;

    /** The value stored in {@code api_tokens.role}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a stored or user-supplied role name (case-insensitive). */
    public static Role parse(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** True when this role grants at least what {@code required} grants. */
    public boolean includes(Role required) {
        return compareTo(required) >= 0;
    }
}
