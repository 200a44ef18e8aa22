package io.meshgate.client;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret a sidecar's admin listener asks of peers beyond loopback (the control plane relaying
 * {@code GET /api/v1/proxies/{name}/admin/...}), derived, not stored: HMAC-SHA256 keyed with the
 * SHA-256 of the sidecar's proxy token, over the proxy's name. The sidecar computes it from the token
 * the control plane gave it at registration; the control plane from the token's hash, which is all it
 * keeps of the token. So nothing new is stored or sent, a re-registration (a new token) changes it,
 * and a restarted control plane still knows it. It reveals nothing about the token (HMAC), and
 * whoever holds a copy of the control plane's database can read sidecars' admin pages, which show
 * less than that database (keys are never shown).
 */
public final class SidecarAdminSecret {
    private static final String CONTEXT = "meshgate sidecar admin read v1\n";

    private SidecarAdminSecret() {}

    /** What the control plane keeps of a proxy token: the lower-case hex SHA-256 of its UTF-8 bytes. */
    public static String tokenHash(String proxyToken) {
        Objects.requireNonNull(proxyToken, "proxyToken");
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(proxyToken.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** The secret of proxy {@code proxyName} whose token hashes to {@code tokenHash} (the control plane's side). */
    public static String fromTokenHash(String proxyName, String tokenHash) {
        Objects.requireNonNull(proxyName, "proxyName");
        Objects.requireNonNull(tokenHash, "tokenHash");
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(tokenHash.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
            byte[] tag = mac.doFinal((CONTEXT + proxyName).getBytes(StandardCharsets.UTF_8));
            return "mga_" + Base64.getUrlEncoder().withoutPadding().encodeToString(tag);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    /** The same secret from the token itself (the sidecar's side). */
    public static String fromToken(String proxyName, String proxyToken) {
        return fromTokenHash(proxyName, tokenHash(proxyToken));
    }
}
