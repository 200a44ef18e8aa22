-- The last audit row a verification found intact, so /audit/verify only walks rows added since.
-- One row. Trusting it is the trade-off of incremental checks: whoever can rewrite the audit table
-- can also move this row, which is why a full walk from row 1 stays available.
CREATE TABLE audit_checkpoint (
    id            INTEGER     NOT NULL,
    verified_id   BIGINT      NOT NULL,
    verified_hash VARCHAR(64) NOT NULL,
    verified_at   TIMESTAMP WITH TIME ZONE,
    CONSTRAINT audit_checkpoint_pk PRIMARY KEY (id),
    CONSTRAINT audit_checkpoint_single_row CHECK (id = 1)
);
INSERT INTO audit_checkpoint (id, verified_id, verified_hash, verified_at)
    VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000', NULL);
