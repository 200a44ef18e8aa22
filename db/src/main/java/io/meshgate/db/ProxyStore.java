package io.meshgate.db;

import static io.meshgate.db.jooq.Tables.PROXIES;

import io.meshgate.db.jooq.tables.records.ProxiesRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Registered proxies and their per-proxy tokens. A token is {@code mgp_} + 32 random bytes in
 * URL-safe base64; only its SHA-256 is stored, so a copy of the database lets nobody fetch configs
 * (which carry private keys).
 */
public final class ProxyStore {

    /** Prefix of proxy tokens: tells them apart from admin API tokens ({@code mgt_}) at a glance. */
    public static final String PREFIX = "mgp_";

    /** Lower-case DNS-like names up to 253 characters: a sidecar's name holds a namespace and a Pod name. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?");
    private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    private static final int MAX_TOKEN_LENGTH = 512;
    private static final String NAME_RULE = "proxy name must be 1-253 lower-case letters, digits, '.' or '-',"
            + " starting and ending with a letter or digit";
    private static final String KIND_RULE = "proxy kind must be 1-32 lower-case letters, digits or '-'";

    private final Reads reads;
    private final Writer writer;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    ProxyStore(Reads reads, Writer writer, Clock clock) {
        this.reads = reads;
        this.writer = writer;
        this.clock = clock;
    }

    /**
     * Registers a proxy and returns its token, which is shown once and never stored.
     *
     * @throws ConflictException        when a proxy of that name exists
     * @throws IllegalArgumentException for a name that is not a DNS label-like name, or a bad kind
     */
    public String register(String name, String kind) {
        return register(TokenStore.INTERNAL, name, kind);
    }

    /**
     * Like {@link #register(String, String)}, and records who did it in the audit history (the
     * proxy's name and kind, never its token) in the same transaction.
     */
    public String register(Actor actor, String name, String kind) {
        Objects.requireNonNull(actor, "actor");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(NAME_RULE);
        }
        if (kind == null || !KIND.matcher(kind).matches()) {
            throw new IllegalArgumentException(KIND_RULE);
        }
        String token = newToken();
        writer.write(scope -> {
            if (scope.sql().fetchExists(PROXIES, PROXIES.NAME.eq(name))) {
                throw new ConflictException("a proxy named '" + name + "' already exists");
            }
            scope.sql().insertInto(PROXIES)
                    .set(PROXIES.NAME, name)
                    .set(PROXIES.KIND, kind)
                    .set(PROXIES.TOKEN_HASH, Sha256.hex(token))
                    .set(PROXIES.CREATED_AT, WriteTx.utc(clock.instant().truncatedTo(ChronoUnit.MILLIS)))
                    .execute();
            audit(scope, actor, AuditVerb.CREATE, name, "kind " + kind);
            return null;
        });
        return token;
    }

    /** What {@link #registerOrRotate} did: the new token, and whether the proxy was new. */
    public record Issued(String token, boolean created) {
        @Override
        public String toString() {
            return "Issued[created=" + created + "]"; // never the token
        }
    }

    /**
     * Registers a proxy, or gives the registered one of that name a new token (the old one stops
     * working), inside the resource transaction {@code tx}: the registration commits or rolls back
     * with the objects written there. Audited in {@code tx} as create or update (never the token).
     *
     * @throws ConflictException        when a proxy of that name is registered with another kind
     * @throws IllegalArgumentException for a bad name or kind, or a {@code tx} not of this store
     */
    public Issued registerOrRotate(Tx tx, String name, String kind) {
        org.jooq.DSLContext sql = sqlOf(tx);
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(NAME_RULE);
        }
        if (kind == null || !KIND.matcher(kind).matches()) {
            throw new IllegalArgumentException(KIND_RULE);
        }
        String token = newToken();
        ProxiesRecord existing = sql.selectFrom(PROXIES).where(PROXIES.NAME.eq(name)).fetchOne();
        if (existing == null) {
            sql.insertInto(PROXIES)
                    .set(PROXIES.NAME, name)
                    .set(PROXIES.KIND, kind)
                    .set(PROXIES.TOKEN_HASH, Sha256.hex(token))
                    .set(PROXIES.CREATED_AT, WriteTx.utc(clock.instant().truncatedTo(ChronoUnit.MILLIS)))
                    .execute();
            tx.audit(AuditEntry.credential(AuditVerb.CREATE, AuditEntry.PROXY_KIND, name, "kind " + kind));
            return new Issued(token, true);
        }
        if (!existing.getKind().equals(kind)) {
            throw new ConflictException("a proxy named '" + name + "' is registered with kind '" + existing.getKind()
                    + "', not '" + kind + "'");
        }
        sql.update(PROXIES).set(PROXIES.TOKEN_HASH, Sha256.hex(token)).where(PROXIES.NAME.eq(name)).execute();
        tx.audit(AuditEntry.credential(AuditVerb.UPDATE, AuditEntry.PROXY_KIND, name, "kind " + kind + ", token rotated"));
        return new Issued(token, false);
    }

    /**
     * Unregisters a proxy inside the resource transaction {@code tx}, audited there; false (and no
     * audit row) when there was none of that name.
     */
    public boolean delete(Tx tx, String name) {
        boolean deleted = sqlOf(tx).deleteFrom(PROXIES).where(PROXIES.NAME.eq(name)).execute() > 0;
        if (deleted) {
            tx.audit(AuditEntry.credential(AuditVerb.DELETE, AuditEntry.PROXY_KIND, name, null));
        }
        return deleted;
    }

    /**
     * The proxy that owns {@code token}. Every stored hash is compared in constant time, like
     * {@link TokenStore#authenticate}.
     */
    public Optional<ProxyRegistration> authenticate(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        byte[] presented = Sha256.hex(token).getBytes(StandardCharsets.US_ASCII);
        List<ProxiesRecord> rows = reads.read(sql -> sql.selectFrom(PROXIES).fetch());
        ProxiesRecord match = null;
        for (ProxiesRecord row : rows) {
            if (MessageDigest.isEqual(presented, row.getTokenHash().getBytes(StandardCharsets.US_ASCII))) {
                match = row;
            }
        }
        return Optional.ofNullable(match).map(ProxyStore::toRegistration);
    }

    /** One proxy, if registered. */
    public Optional<ProxyRegistration> get(String name) {
        return reads.read(sql -> sql.selectFrom(PROXIES).where(PROXIES.NAME.eq(name)).fetchOptional())
                .map(ProxyStore::toRegistration);
    }

    /**
     * The stored SHA-256 (lower-case hex) of proxy {@code name}'s token, never the token, which is not
     * stored: the control plane derives a sidecar's admin secret from it
     * ({@code io.meshgate.client.SidecarAdminSecret}). Empty when no such proxy is registered.
     */
    public Optional<String> tokenHash(String name) {
        return reads.read(sql -> sql.select(PROXIES.TOKEN_HASH).from(PROXIES).where(PROXIES.NAME.eq(name))
                .fetchOptional(PROXIES.TOKEN_HASH));
    }

    /** Every registered proxy, by name. */
    public List<ProxyRegistration> list() {
        return reads.read(sql -> sql.selectFrom(PROXIES).orderBy(PROXIES.NAME).fetch(ProxyStore::toRegistration));
    }

    /** Unregisters a proxy (its token stops working); false when there was none of that name. */
    public boolean delete(String name) {
        return delete(TokenStore.INTERNAL, name);
    }

    /** Unregisters a proxy, audited as done by {@code actor}; false (and no audit row) when there was none. */
    public boolean delete(Actor actor, String name) {
        Objects.requireNonNull(actor, "actor");
        return writer.write(scope -> {
            boolean deleted = scope.sql().deleteFrom(PROXIES).where(PROXIES.NAME.eq(name)).execute() > 0;
            if (deleted) {
                audit(scope, actor, AuditVerb.DELETE, name, null);
            }
            return deleted;
        });
    }

    private static org.jooq.DSLContext sqlOf(Tx tx) {
        if (!(tx instanceof WriteTx writeTx)) {
            throw new IllegalArgumentException("not a transaction of this database: " + tx);
        }
        return writeTx.sql();
    }

    private String newToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private void audit(Writer.WriteScope scope, Actor actor, AuditVerb verb, String name, String note) {
        new AuditAppender(scope.sql(), clock, actor)
                .append(AuditEntry.credential(verb, AuditEntry.PROXY_KIND, name, note));
    }

    private static ProxyRegistration toRegistration(ProxiesRecord r) {
        return new ProxyRegistration(r.getName(), r.getKind(), r.getCreatedAt().toInstant());
    }
}
