package io.meshgate.db;

import java.time.Instant;

/**
 * What is known about an API token (never the token itself).
 *
 * @param name       unique token name, also the principal name in audit rows
 * @param role       what it may do
 * @param createdAt  creation time
 * @param expiresAt  end of validity, null for no expiry
 * @param lastUsedAt last successful authentication (updated at most once a minute), null if never
 * @param binding    the workload identity of a {@link Role#SIDECAR} token; null for every other role
 */
public record TokenInfo(String name, Role role, Instant createdAt, Instant expiresAt, Instant lastUsedAt,
                        TokenBinding binding) {

    /** A token bound to no workload identity (every role but sidecar). */
    public TokenInfo(String name, Role role, Instant createdAt, Instant expiresAt, Instant lastUsedAt) {
        this(name, role, createdAt, expiresAt, lastUsedAt, null);
    }

    /** True when the token has an expiry at or before {@code now}. */
    public boolean expiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }
}
