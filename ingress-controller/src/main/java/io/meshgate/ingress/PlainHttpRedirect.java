package io.meshgate.ingress;

import io.meshgate.config.ServerCertificate;

/**
 * The one rule for a route on the plain-HTTP listener. A host the HTTPS listener has a certificate for
 * answers 308 to HTTPS, unless the route's Ingress opted out with {@code meshgate.io/ssl-redirect: "false"}.
 * When that certificate requires client certificates the opt-out does not count, whichever Ingress added
 * the route: serving the host's name in clear would skip the check its TLS enforces (fail closed).
 */
enum PlainHttpRedirect {
    /** Served on plain HTTP like on HTTPS: no certificate, or an opt-out on a host without client checks. */
    NONE,
    /** Redirected, as the route's Ingress asks (the default). */
    REDIRECT,
    /** Redirected although the route's Ingress opted out: the host requires client certificates. */
    FORCED;

    /**
     * @param selected    the certificate the HTTPS listener selects for the route's host, or null when none
     * @param sslRedirect whether the route's Ingress asks for the redirect
     */
    static PlainHttpRedirect of(ServerCertificate selected, boolean sslRedirect) {
        if (selected == null) {
            return NONE;
        }
        if (sslRedirect) {
            return REDIRECT;
        }
        return selected.clientValidation() != null ? FORCED : NONE;
    }

    boolean redirects() {
        return this != NONE;
    }
}
