package io.meshgate.api;

import io.meshgate.db.ProxyRegistration;
import io.meshgate.db.ProxyStore;
import io.meshgate.db.TokenStore;

import java.util.List;

/**
 * Authenticates the per-proxy channel. Only a proxy token is accepted there: an admin API token,
 * however privileged, gets 403, so private keys in configs never travel to admin clients.
 */
final class ProxyAuth {
    private static final String SCHEME = "bearer ";

    private final ProxyStore proxies;
    private final TokenStore apiTokens;

    ProxyAuth(ProxyStore proxies, TokenStore apiTokens) {
        this.proxies = proxies;
        this.apiTokens = apiTokens;
    }

    /** @throws ApiException 401 for a missing or unknown token, 403 for an admin API token */
    ProxyRegistration authenticate(String authorization) {
        if (authorization == null || authorization.length() <= SCHEME.length()
                || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            throw BearerAuth.unauthorized("missing Authorization: Bearer <proxy token>");
        }
        String token = authorization.substring(SCHEME.length()).trim();
        return proxies.authenticate(token).orElseThrow(() -> {
            if (apiTokens.authenticate(token).isPresent()) {
                return new ApiException(403, "forbidden", "Forbidden",
                        "proxy configs are served to the proxy's own token only, not to API tokens", List.of());
            }
            if (ServiceAccountAuth.looksLikeJwt(token)) {
                return BearerAuth.unauthorized("the proxy channel takes the proxy token only: a service-account token"
                        + " registers the workload (POST /api/v1/workloads), whose answer carries the proxy token");
            }
            return BearerAuth.unauthorized("unknown proxy token");
        });
    }
}
