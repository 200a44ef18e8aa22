/**
 * The control plane's storage ({@link io.meshgate.db.Database}): resources under one global revision,
 * the hash-chained audit log, watch events and token hashes, on H2 or PostgreSQL (jOOQ, Flyway).
 * Stores objects as JSON and stamps their metadata; validating them and what a kind means are the
 * API server's business, and it knows nothing of HTTP.
 */
package io.meshgate.db;
