-- Proxies registered to receive their config from the control plane. Each has its own bearer
-- token (only its SHA-256 is stored); a proxy token grants nothing on the admin API and reads only
-- that proxy's config. Kept apart from api_tokens so no admin role can ever be mistaken for one.
CREATE TABLE proxies (
    name       VARCHAR(255) NOT NULL,
    kind       VARCHAR(32)  NOT NULL,
    token_hash VARCHAR(64)  NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT proxies_pk PRIMARY KEY (name),
    CONSTRAINT proxies_hash_uk UNIQUE (token_hash)
);
