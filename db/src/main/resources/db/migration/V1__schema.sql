-- Meshgate control-plane schema. Portable SQL: runs unchanged on H2 2.x and PostgreSQL 13+,
-- and is also what jOOQ's code generator parses (DDLDatabase), so keep to plain DDL.
-- Identifiers are unquoted and avoid reserved words of both databases (no KEY, VALUE, USER).

-- One row holding the global revision counter. Every resource write takes the next number in the
-- same transaction and the row lock (SELECT ... FOR UPDATE) serializes writers, so revisions are
-- gap-free and commit in order: a watch can resume from any revision it has seen.
CREATE TABLE store_state (
    id       INTEGER NOT NULL,
    revision BIGINT  NOT NULL,
    CONSTRAINT store_state_pk PRIMARY KEY (id),
    CONSTRAINT store_state_single_row CHECK (id = 1)
);
INSERT INTO store_state (id, revision) VALUES (1, 0);

-- Every stored object. namespace is '' for cluster-scoped kinds so the primary key has no NULLs.
CREATE TABLE resources (
    kind             VARCHAR(255) NOT NULL,
    namespace        VARCHAR(255) NOT NULL,
    name             VARCHAR(255) NOT NULL,
    uid              VARCHAR(36)  NOT NULL,
    resource_version BIGINT       NOT NULL,
    generation       BIGINT       NOT NULL,
    labels           TEXT         NOT NULL,
    body             TEXT         NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT resources_pk PRIMARY KEY (kind, namespace, name)
);

-- Append-only audit history. hash = SHA-256(prev_hash || canonical row); see AuditHasher.
CREATE TABLE audit (
    id               BIGINT       NOT NULL,
    recorded_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    actor            VARCHAR(255) NOT NULL,
    source_address   VARCHAR(255),
    verb             VARCHAR(16)  NOT NULL,
    kind             VARCHAR(255),
    namespace        VARCHAR(255),
    name             VARCHAR(255),
    resource_version BIGINT,
    before_json      TEXT,
    after_json       TEXT,
    patch_json       TEXT,
    message          TEXT,
    prev_hash        VARCHAR(64)  NOT NULL,
    hash             VARCHAR(64)  NOT NULL,
    CONSTRAINT audit_pk PRIMARY KEY (id)
);
CREATE INDEX audit_target_idx ON audit (kind, namespace, name);
CREATE INDEX audit_actor_idx ON audit (actor);
CREATE INDEX audit_time_idx ON audit (recorded_at);

-- Bearer tokens for the admin API. Only the SHA-256 of a token is stored, never the token.
CREATE TABLE api_tokens (
    name         VARCHAR(255) NOT NULL,
    role         VARCHAR(16)  NOT NULL,
    token_hash   VARCHAR(64)  NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE,
    last_used_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT api_tokens_pk PRIMARY KEY (name),
    CONSTRAINT api_tokens_hash_uk UNIQUE (token_hash)
);

-- Recent changes for watch resume: one row per revision, trimmed to the newest N in the writing
-- transaction. Not audit: losing old rows only forces a watcher to re-list.
CREATE TABLE events (
    resource_version BIGINT       NOT NULL,
    type             VARCHAR(16)  NOT NULL,
    kind             VARCHAR(255) NOT NULL,
    namespace        VARCHAR(255) NOT NULL,
    name             VARCHAR(255) NOT NULL,
    body             TEXT         NOT NULL,
    CONSTRAINT events_pk PRIMARY KEY (resource_version)
);
