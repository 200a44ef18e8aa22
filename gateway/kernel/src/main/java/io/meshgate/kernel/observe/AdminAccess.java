package io.meshgate.kernel.observe;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Who may use the admin listener from where. A peer on loopback (a process of the same host or
 * network namespace) may use every endpoint, as with FSM and Envoy. Any other peer may only read
 * ({@link AdminEndpoint#mutating()} endpoints answer 403 to it), and, when a secret is set, only
 * with {@code Authorization: Bearer <secret>}: a sidecar's admin reached on the pod IP by the
 * control plane.
 */
public final class AdminAccess {
    /** Remote peers read without a credential (the admin listener of a proxy on a private interface). */
    public static final AdminAccess REMOTE_READS_OPEN = new AdminAccess(null);

    private final Supplier<String> remoteSecret;

    private AdminAccess(Supplier<String> remoteSecret) {
        this.remoteSecret = remoteSecret;
    }

    /**
     * Remote peers must present {@code Authorization: Bearer <secret>}. The supplier is asked per
     * request (the secret may be learnt after the listener starts, and change); while it returns
     * null remote peers get 503.
     */
    public static AdminAccess remoteReadsWithBearer(Supplier<String> secret) {
        return new AdminAccess(Objects.requireNonNull(secret, "secret"));
    }

    /** Why a request is refused. */
    enum Refusal {
        /** 401: a remote peer without the right bearer secret. */
        CREDENTIAL,
        /** 503: remote peers need a secret that is not known yet. */
        NO_SECRET_YET,
        /** 403: a mutating endpoint asked for from beyond loopback. */
        LOOPBACK_ONLY
    }

    /** The peer may talk to the listener at all; null when it may, else why not. */
    Refusal admits(InetAddress peer, String authorization) {
        if (isLocal(peer) || remoteSecret == null) {
            return null;
        }
        String secret = remoteSecret.get();
        if (secret == null || secret.isEmpty()) {
            return Refusal.NO_SECRET_YET;
        }
        String presented = bearer(authorization);
        // constant time: the comparison must not tell how much of a guess was right
        boolean equal = presented != null && MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                secret.getBytes(StandardCharsets.UTF_8));
        return equal ? null : Refusal.CREDENTIAL;
    }

    /** The peer may call {@code endpoint}; null when it may. Call after {@link #admits}. */
    Refusal allows(InetAddress peer, AdminEndpoint endpoint) {
        return endpoint.mutating() && !isLocal(peer) ? Refusal.LOOPBACK_ONLY : null;
    }

    /**
     * Loopback only. A peer address unknown to the listener (not an IP socket) counts as remote.
     * IPv4-mapped loopback ({@code ::ffff:127.0.0.1}) is loopback: the JDK gives it as an
     * {@code Inet4Address}.
     */
    static boolean isLocal(InetAddress peer) {
        return peer != null && peer.isLoopbackAddress();
    }

    private static String bearer(String authorization) {
        if (authorization == null) {
            return null;
        }
        String value = authorization.strip();
        return value.regionMatches(true, 0, "Bearer ", 0, 7) ? value.substring(7).strip() : null;
    }
}
