package io.meshgate.db;

import java.time.Instant;

/**
 * One row of the audit history as stored.
 *
 * @param id              position in the chain, 1, 2, 3, ... without gaps
 * @param at              when it was recorded (UTC, ms precision)
 * @param actor           principal
 * @param sourceAddress   client address, null for internal actors
 * @param verb            what happened
 * @param kind            target kind (null only for unparseable rejected requests)
 * @param namespace       target namespace
 * @param name            target name
 * @param resourceVersion revision produced by the change, null when none
 * @param beforeJson      object before
 * @param afterJson       object after, or the attempted object of a rejected write
 * @param patchJson       RFC 6902 patch from before to after
 * @param message         reason of a rejected write, or a note
 * @param prevHash        hash of the previous row (64 zeros for the first)
 * @param hash            SHA-256 over this row and {@code prevHash}, see {@link #GENESIS_HASH}
 */
public record AuditRecord(
        long id,
        Instant at,
        String actor,
        String sourceAddress,
        AuditVerb verb,
        String kind,
        String namespace,
        String name,
        Long resourceVersion,
        String beforeJson,
        String afterJson,
        String patchJson,
        String message,
        String prevHash,
        String hash) {

    /** The {@code prevHash} of the first row. */
    public static final String GENESIS_HASH = "0".repeat(64);
}
