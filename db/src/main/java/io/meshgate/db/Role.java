package io.meshgate.db;

import java.util.Locale;

/**
 * What an API token may do. Viewer, editor and admin each include the roles before them; sidecar
 * stands apart: it includes no other role and no other role includes it (a sidecar token only
 * registers and removes the workloads of its own namespace and service account).
 */
public enum Role {
    /** Read resources (secrets redacted), audit and status. */
    VIEWER,
    /** Plus create, change and delete configuration. */
    EDITOR,
    /** Plus tokens and security settings. */
    ADMIN,
    /** Only its own workloads (see {@link TokenBinding}); reads nothing. */
    SIDECAR;

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
        if (this == SIDECAR || required == SIDECAR) {
            return this == required;
        }
        return compareTo(required) >= 0;
    }
}
