package io.meshgate.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshgate.db.Actor;
import io.meshgate.db.Role;
import io.meshgate.db.TokenBinding;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kubernetes mode: a bearer token that is a JWT (Meshgate's own tokens are {@code mgt_}/{@code mgp_}
 * and never contain a dot) is a pod's projected service-account token, checked with the cluster's
 * {@code TokenReview} for the audience {@value ServiceAccountTokens#AUDIENCE}. An authenticated
 * {@code system:serviceaccount:<ns>:<sa>} becomes the same {@link Caller} as a sidecar token bound to
 * that namespace and service account (role {@code sidecar}, actor named by the username).
 *
 * <p>Positive answers are kept (keyed by the token's SHA-256, never the token) until the earlier of
 * {@link #POSITIVE_TTL} and the token's own {@code exp}, so a sidecar's calls cost one review a minute,
 * and a token the kubelet rotated away expires from the cache with itself. Refusals are kept
 * {@link #NEGATIVE_TTL} only: a client retrying a bad token costs the cluster one review per that much
 * time, while a token that just became valid (clock skew, a pod that just started) is tried again soon.
 * At most {@link #MAX_ENTRIES} tokens are kept; expired entries are swept before the map grows past that,
 * and when all are live the oldest-to-expire half goes.
 */
final class ServiceAccountAuth {
    static final Duration POSITIVE_TTL = Duration.ofSeconds(60);
    static final Duration NEGATIVE_TTL = Duration.ofSeconds(5);
    static final int MAX_ENTRIES = 10_000;
    private static final String USER_PREFIX = "system:serviceaccount:";
    private static final System.Logger LOG = System.getLogger(ServiceAccountAuth.class.getName());

    /** A cached outcome: the binding, or the refusal's detail. */
    private record Entry(TokenBinding binding, String refusal, Instant until) {
    }

    private final ServiceAccountTokens reviews;
    private final Clock clock;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();

    ServiceAccountAuth(ServiceAccountTokens reviews, Clock clock) {
        this.reviews = reviews;
        this.clock = clock;
    }

    /**
     * True for the shape of a JWT: three non-empty base64url segments joined by dots, the header
     * starting with {@code eyJ} (base64 of <code>{"</code>). Meshgate's tokens never match.
     */
    static boolean looksLikeJwt(String token) {
        if (!token.startsWith("eyJ")) {
            return false;
        }
        int dots = 0;
        int segment = 0;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '.') {
                if (segment == 0) {
                    return false;
                }
                dots++;
                segment = 0;
            } else if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
                segment++;
            } else {
                return false;
            }
        }
        return dots == 2 && segment > 0;
    }

    /**
     * @throws ApiException 401 when the cluster says the token is not (or not for Meshgate) a
     *                      service account's; 503 when the cluster could not be asked
     */
    Caller authenticate(String token, String sourceAddress) {
        String key = sha256(token);
        Instant now = clock.instant();
        Entry cached = cache.get(key);
        if (cached == null || !now.isBefore(cached.until())) {
            cached = review(token, now);
            remember(key, cached, now);
        }
        if (cached.binding() == null) {
            throw BearerAuth.unauthorized(cached.refusal());
        }
        TokenBinding binding = cached.binding();
        return new Caller(new Actor(USER_PREFIX + binding.namespace() + ":" + binding.serviceAccount(), sourceAddress),
                Role.SIDECAR, binding);
    }

    /** Number of tokens whose outcome is kept (tests). */
    int cached() {
        return cache.size();
    }

    private Entry review(String token, Instant now) {
        ServiceAccountTokens.Review review;
        try {
            review = reviews.review(token, List.of(ServiceAccountTokens.AUDIENCE));
        } catch (ServiceAccountTokens.ReviewUnavailableException e) {
            LOG.log(System.Logger.Level.WARNING, "TokenReview failed: " + e.getMessage());
            throw new ApiException(503, "token-review-unavailable", "Service Unavailable",
                    "the Kubernetes API server could not review this service-account token (" + e.getMessage()
                            + "); try again", List.of());
        }
        Instant refusedUntil = now.plus(NEGATIVE_TTL);
        if (!review.authenticated()) {
            return new Entry(null, "the Kubernetes API server did not authenticate this service-account token for"
                    + " audience " + ServiceAccountTokens.AUDIENCE + (review.error().isEmpty() ? ""
                    : ": " + review.error()), refusedUntil);
        }
        if (!review.audiences().contains(ServiceAccountTokens.AUDIENCE)) {
            return new Entry(null, "the service-account token is not valid for audience " + ServiceAccountTokens.AUDIENCE
                    + " (the cluster answered audiences " + review.audiences() + "): project it with audience "
                    + ServiceAccountTokens.AUDIENCE, refusedUntil);
        }
        String username = review.username();
        String[] parts = username.startsWith(USER_PREFIX) ? username.substring(USER_PREFIX.length()).split(":", -1)
                : new String[0];
        if (parts.length != 2) {
            return new Entry(null, "the token authenticates '" + username + "', not a service account"
                    + " (system:serviceaccount:<namespace>:<name>)", refusedUntil);
        }
        TokenBinding binding;
        try {
            binding = new TokenBinding(parts[0], parts[1]);
        } catch (IllegalArgumentException e) {
            return new Entry(null, "the token authenticates '" + username + "': " + e.getMessage(), refusedUntil);
        }
        Instant until = now.plus(POSITIVE_TTL);
        Instant expiry = expiry(token);
        if (expiry != null && expiry.isBefore(until)) {
            until = expiry;
        }
        return new Entry(binding, null, until);
    }

    private void remember(String key, Entry entry, Instant now) {
        if (cache.size() >= MAX_ENTRIES) {
            cache.values().removeIf(e -> !now.isBefore(e.until()));
            if (cache.size() >= MAX_ENTRIES) {
                List<Instant> untils = cache.values().stream().map(Entry::until).sorted().toList();
                Instant cut = untils.get(untils.size() / 2);
                cache.values().removeIf(e -> !e.until().isAfter(cut));
            }
        }
        cache.put(key, entry);
    }

    /**
     * The JWT's {@code exp}, read without checking the signature: only ever used to keep a token the
     * cluster already authenticated no longer than it lives. Null when it has none or cannot be read.
     */
    static Instant expiry(String jwt) {
        String[] segments = jwt.split("\\.");
        if (segments.length != 3) {
            return null;
        }
        try {
            JsonNode claims = Jsons.MAPPER.readTree(Base64.getUrlDecoder().decode(segments[1]));
            JsonNode exp = claims.get("exp");
            return exp != null && exp.canConvertToLong() ? Instant.ofEpochSecond(exp.asLong()) : null;
        } catch (IllegalArgumentException | java.io.IOException e) {
            return null;
        }
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
