package io.meshgate.db;

import static io.meshgate.db.jooq.Tables.API_TOKENS;

import io.meshgate.db.jooq.tables.records.ApiTokensRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Bearer tokens for the admin API. A token is {@code mgt_} + 32 random bytes in URL-safe base64;
 * only its SHA-256 is stored, so a copy of the database grants nothing.
 */
public final class TokenStore {

    /** Prefix of generated tokens (makes leaked tokens easy to spot in logs and secret scanners). */
    public static final String PREFIX = "mgt_";
    /** Name of the token {@link #bootstrapAdmin} creates. */
    public static final String BOOTSTRAP_ADMIN_NAME = "admin";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    private static final int MIN_SUPPLIED_TOKEN_LENGTH = 16;
    private static final int MAX_TOKEN_LENGTH = 512;
    private static final Duration LAST_USED_GRANULARITY = Duration.ofMinutes(1);

    private final Reads reads;
    private final Writer writer;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    TokenStore(Reads reads, Writer writer, Clock clock) {
        this.reads = reads;
        this.writer = writer;
        this.clock = clock;
    }

    /** Actor of token writes made inside the control plane without a caller (tests, tools). */
    static final Actor INTERNAL = Actor.system("system");
    /** Actor of the bootstrap admin token's audit row. */
    static final Actor BOOTSTRAP = Actor.system("bootstrap");

    /** Creates a token that never expires; returns the plaintext, which is shown once and never stored. */
    public String create(String name, Role role) {
        return create(INTERNAL, name, role, null);
    }

    /** Like {@link #create(String, Role)}, audited as done by {@code actor}. */
    public String create(Actor actor, String name, Role role) {
        return create(actor, name, role, null);
    }

    /** Like {@link #create(Actor, String, Role, Duration)} as an internal actor. */
    public String create(String name, Role role, Duration ttl) {
        return create(INTERNAL, name, role, ttl);
    }

    /**
     * Creates a token valid for {@code ttl} ({@code null} = no expiry), and records who did it in
     * the audit history (the token's name and role, never the token) in the same transaction.
     *
     * @return the plaintext token
     * @throws ConflictException        when a token of that name exists
     * @throws IllegalArgumentException for a bad name or a non-positive ttl, or for role sidecar
     *                                  (which needs a binding: {@link #createSidecar})
     */
    public String create(Actor actor, String name, Role role, Duration ttl) {
        return create(actor, name, role, ttl, null);
    }

    /**
     * Creates a {@link Role#SIDECAR} token bound to one workload identity (no expiry); audited
     * with its name, role, namespace and service account.
     *
     * @return the plaintext token
     * @throws ConflictException        when a token of that name exists
     * @throws IllegalArgumentException for a bad name
     */
    public String createSidecar(Actor actor, String name, TokenBinding binding) {
        return create(actor, name, Role.SIDECAR, null, Objects.requireNonNull(binding, "binding"));
    }

    private String create(Actor actor, String name, Role role, Duration ttl, TokenBinding binding) {
        Objects.requireNonNull(actor, "actor");
        checkName(name);
        Objects.requireNonNull(role, "role");
        if ((role == Role.SIDECAR) != (binding != null)) {
            throw new IllegalArgumentException(role == Role.SIDECAR
                    ? "a sidecar token needs the namespace and service account it is bound to"
                    : "only a sidecar token is bound to a namespace and service account");
        }
        if (ttl != null && (ttl.isZero() || ttl.isNegative())) {
            throw new IllegalArgumentException("ttl must be positive");
        }
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes());
        writer.write(scope -> {
            Instant now = now();
            if (scope.sql().fetchExists(API_TOKENS, API_TOKENS.NAME.eq(name))) {
                throw new ConflictException("a token named '" + name + "' already exists");
            }
            insert(scope.sql(), name, role, token, now, ttl == null ? null : now.plus(ttl), binding);
            String note = "role " + role.wireName() + (binding == null ? ""
                    : ", namespace " + binding.namespace() + ", service account " + binding.serviceAccount());
            audit(scope, actor, AuditVerb.CREATE, name, note);
            return null;
        });
        return token;
    }

    /**
     * The token's identity when {@code token} is valid and not expired. Every stored hash is
     * compared in constant time, so timing reveals nothing about which hashes exist.
     */
    public Optional<TokenInfo> authenticate(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        byte[] presented = Sha256.hex(token).getBytes(StandardCharsets.US_ASCII);
        List<ApiTokensRecord> rows = reads.read(sql -> sql.selectFrom(API_TOKENS).fetch());
        ApiTokensRecord match = null;
        for (ApiTokensRecord row : rows) {
            // no early exit: the loop takes the same time wherever (or whether) the match is
            if (MessageDigest.isEqual(presented, row.getTokenHash().getBytes(StandardCharsets.US_ASCII))) {
                match = row;
            }
        }
        if (match == null) {
            return Optional.empty();
        }
        Instant now = now();
        TokenInfo info = toInfo(match);
        if (info.expiredAt(now)) {
            return Optional.empty();
        }
        if (info.lastUsedAt() == null || !now.isBefore(info.lastUsedAt().plus(LAST_USED_GRANULARITY))) {
            String hash = match.getTokenHash();
            String name = info.name();
            // best effort bookkeeping without the write lock; the hash guard skips a token replaced meanwhile
            reads.read(sql -> sql.update(API_TOKENS)
                    .set(API_TOKENS.LAST_USED_AT, WriteTx.utc(now))
                    .where(API_TOKENS.NAME.eq(name))
                    .and(API_TOKENS.TOKEN_HASH.eq(hash))
                    .execute());
            info = new TokenInfo(info.name(), info.role(), info.createdAt(), info.expiresAt(), now, info.binding());
        }
        return Optional.of(info);
    }

    /** Every token, by name. */
    public List<TokenInfo> list() {
        return reads.read(sql -> sql.selectFrom(API_TOKENS).orderBy(API_TOKENS.NAME).fetch(TokenStore::toInfo));
    }

    /** Revokes a token; false when there was none of that name. */
    public boolean delete(String name) {
        return delete(INTERNAL, name);
    }

    /** Revokes a token, audited as done by {@code actor}; false (and no audit row) when there was none. */
    public boolean delete(Actor actor, String name) {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(name, "name");
        return writer.write(scope -> {
            boolean deleted = scope.sql().deleteFrom(API_TOKENS).where(API_TOKENS.NAME.eq(name)).execute() > 0;
            if (deleted) {
                audit(scope, actor, AuditVerb.DELETE, name, null);
            }
            return deleted;
        });
    }

    private void audit(Writer.WriteScope scope, Actor actor, AuditVerb verb, String name, String note) {
        new AuditAppender(scope.sql(), clock, actor)
                .append(AuditEntry.credential(verb, AuditEntry.TOKEN_KIND, name, note));
    }

    /**
     * Makes sure an admin can log in on first start: when no token has the admin role, creates one
     * named {@value #BOOTSTRAP_ADMIN_NAME} with {@code suppliedToken} (e.g. MESHGATE_ADMIN_TOKEN)
     * or a generated one.
     *
     * @return the plaintext token when one was created, empty when an admin token already exists
     * @throws IllegalArgumentException when the supplied token is shorter than 16 characters or
     *                                  holds characters other than visible ASCII
     * @throws IllegalStateException    when a non-admin token already uses the name "admin"
     */
    public Optional<String> bootstrapAdmin(String suppliedToken) {
        if (suppliedToken != null) {
            checkSuppliedToken(suppliedToken);
        }
        return writer.write(scope -> {
            var sql = scope.sql();
            if (sql.fetchExists(API_TOKENS, API_TOKENS.ROLE.eq(Role.ADMIN.wireName()))) {
                return Optional.<String>empty();
            }
            if (sql.fetchExists(API_TOKENS, API_TOKENS.NAME.eq(BOOTSTRAP_ADMIN_NAME))) {
                throw new IllegalStateException("no admin token exists, but the name '" + BOOTSTRAP_ADMIN_NAME
                        + "' is taken by a token with a lesser role: delete it and restart");
            }
            String token = suppliedToken != null
                    ? suppliedToken
                    : PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes());
            insert(sql, BOOTSTRAP_ADMIN_NAME, Role.ADMIN, token, now(), null, null);
            audit(scope, BOOTSTRAP, AuditVerb.CREATE, BOOTSTRAP_ADMIN_NAME, "role " + Role.ADMIN.wireName());
            return Optional.of(token);
        });
    }

    private static void insert(org.jooq.DSLContext sql, String name, Role role, String token, Instant now,
                               Instant expiresAt, TokenBinding binding) {
        sql.insertInto(API_TOKENS)
                .set(API_TOKENS.NAME, name)
                .set(API_TOKENS.ROLE, role.wireName())
                .set(API_TOKENS.TOKEN_HASH, Sha256.hex(token))
                .set(API_TOKENS.CREATED_AT, WriteTx.utc(now))
                .set(API_TOKENS.EXPIRES_AT, expiresAt == null ? null : WriteTx.utc(expiresAt))
                .set(API_TOKENS.BOUND_NAMESPACE, binding == null ? null : binding.namespace())
                .set(API_TOKENS.BOUND_SERVICE_ACCOUNT, binding == null ? null : binding.serviceAccount())
                .execute();
    }

    private static TokenInfo toInfo(ApiTokensRecord r) {
        Role role = Role.parse(r.getRole());
        // a sidecar row without its binding (edited by hand) binds to nothing and so may do nothing
        TokenBinding binding = role == Role.SIDECAR && r.getBoundNamespace() != null
                && r.getBoundServiceAccount() != null
                ? new TokenBinding(r.getBoundNamespace(), r.getBoundServiceAccount()) : null;
        return new TokenInfo(r.getName(), role, r.getCreatedAt().toInstant(),
                r.getExpiresAt() == null ? null : r.getExpiresAt().toInstant(),
                r.getLastUsedAt() == null ? null : r.getLastUsedAt().toInstant(), binding);
    }

    private static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "token name must be 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }

    private static void checkSuppliedToken(String token) {
        if (token.length() < MIN_SUPPLIED_TOKEN_LENGTH || token.length() > MAX_TOKEN_LENGTH) {
            throw new IllegalArgumentException("the admin token must be " + MIN_SUPPLIED_TOKEN_LENGTH + " to "
                    + MAX_TOKEN_LENGTH + " characters long");
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw new IllegalArgumentException("the admin token may only hold visible ASCII characters");
            }
        }
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return bytes;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
