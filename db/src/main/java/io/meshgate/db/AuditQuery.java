package io.meshgate.db;

import java.time.Instant;

/**
 * Filter for {@link AuditLog#query}: every non-null field must match; results come newest first.
 *
 * @param kind          exact kind
 * @param namespace     exact namespace
 * @param name          exact name
 * @param actor         exact principal
 * @param verb          exact verb
 * @param from          recorded at or after (inclusive)
 * @param to            recorded before (exclusive)
 * @param limit         page size, 1..{@value #MAX_LIMIT}; values outside are clamped
 * @param continueToken token from the previous page, or null
 */
public record AuditQuery(
        String kind,
        String namespace,
        String name,
        String actor,
        AuditVerb verb,
        Instant from,
        Instant to,
        int limit,
        String continueToken) {

    /** Page size when none is given. */
    public static final int DEFAULT_LIMIT = 100;
    /** Largest page served. */
    public static final int MAX_LIMIT = 1000;

    public AuditQuery {
        if (limit <= 0) {
            limit = DEFAULT_LIMIT;
        }
        limit = Math.min(limit, MAX_LIMIT);
    }

    /** A builder with no filter. */
    public static Builder builder() {
        return new Builder();
    }

    /** Fluent builder for {@link AuditQuery}. */
    public static final class Builder {
        private String kind;
        private String namespace;
        private String name;
        private String actor;
        private AuditVerb verb;
        private Instant from;
        private Instant to;
        private int limit = DEFAULT_LIMIT;
        private String continueToken;

        private Builder() {
        }

        public Builder kind(String value) {
            this.kind = value;
            return this;
        }

        public Builder namespace(String value) {
            this.namespace = value;
            return this;
        }

        public Builder name(String value) {
            this.name = value;
            return this;
        }

        public Builder actor(String value) {
            this.actor = value;
            return this;
        }

        public Builder verb(AuditVerb value) {
            this.verb = value;
            return this;
        }

        public Builder from(Instant value) {
            this.from = value;
            return this;
        }

        public Builder to(Instant value) {
            this.to = value;
            return this;
        }

        public Builder limit(int value) {
            this.limit = value;
            return this;
        }

        public Builder continueToken(String value) {
            this.continueToken = value;
            return this;
        }

        public AuditQuery build() {
            return new AuditQuery(kind, namespace, name, actor, verb, from, to, limit, continueToken);
        }
    }
}
