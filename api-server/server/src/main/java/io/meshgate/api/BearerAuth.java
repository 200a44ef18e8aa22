package io.meshgate.api;

import io.meshgate.db.Actor;
import io.meshgate.db.TokenInfo;
import io.meshgate.db.TokenStore;

import java.util.List;
import java.util.Optional;

/** Resolves {@code Authorization: Bearer <token>} against the token store. */
final class BearerAuth {
    static final String CHALLENGE = "Bearer realm=\"meshgate\"";
    private static final String SCHEME = "bearer ";

    private final TokenStore tokens;
    /** Kubernetes mode: pods' service-account tokens; null in standalone mode (a JWT is then an unknown token). */
    private final ServiceAccountAuth serviceAccounts;

    BearerAuth(TokenStore tokens) {
        this(tokens, null);
    }

    BearerAuth(TokenStore tokens, ServiceAccountAuth serviceAccounts) {
        this.tokens = tokens;
        this.serviceAccounts = serviceAccounts;
    }

    /**
     * @param authorization the header value, or null
     * @param sourceAddress client address recorded in the audit
     * @throws ApiException 401 when the header is missing, malformed, unknown or expired; in Kubernetes
     *                      mode 503 when a service-account token could not be reviewed
     */
    Caller authenticate(String authorization, String sourceAddress) {
        if (authorization == null || authorization.isBlank()) {
            throw unauthorized("missing Authorization: Bearer <token>");
        }
        if (authorization.length() <= SCHEME.length()
                || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            throw unauthorized("the Authorization header must use the Bearer scheme");
        }
        String token = authorization.substring(SCHEME.length()).trim();
        if (serviceAccounts != null && ServiceAccountAuth.looksLikeJwt(token)) {
            return serviceAccounts.authenticate(token, sourceAddress);
        }
        Optional<TokenInfo> info = token.isEmpty() ? Optional.empty() : tokens.authenticate(token);
        TokenInfo found = info.orElseThrow(() -> unauthorized("unknown or expired token"));
        return new Caller(new Actor(found.name(), sourceAddress), found.role(), found.binding());
    }

    static ApiException unauthorized(String detail) {
        return new ApiException(401, "unauthorized", "Unauthorized", detail, List.of());
    }
}
