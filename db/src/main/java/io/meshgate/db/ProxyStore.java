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

    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?");
    private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    private static final int MAX_TOKEN_LENGTH = 512;

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
            throw new IllegalArgumentException("proxy name must be 1-63 lower-case letters, digits, '.' or '-',"
                    + " starting and ending with a letter or digit");
        }
        if (kind == null || !KIND.matcher(kind).matches()) {
            throw new IllegalArgumentException("proxy kind must be 1-32 lower-case letters, digits or '-'");
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
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

    private void audit(Writer.WriteScope scope, Actor actor, AuditVerb verb, String name, String note) {
        new AuditAppender(scope.sql(), clock, actor)
                .append(AuditEntry.credential(verb, AuditEntry.PROXY_KIND, name, note));
    }

    private static ProxyRegistration toRegistration(ProxiesRecord r) {
        return new ProxyRegistration(r.getName(), r.getKind(), r.getCreatedAt().toInstant());
    }
}
