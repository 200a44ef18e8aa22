package io.meshgate.config;

import java.util.Set;

/**
 * Answers the request locally with a redirect to the same host and path under another scheme, without
 * touching an upstream: {@code Location: <scheme>://<request host>[:<port>]<path>[?query]}. The host is
 * the one the request was routed by (its {@code Host} or {@code :authority}, without the port), the path
 * and query are the canonical ones the route matched. The typical use is plain HTTP to an HTTPS-only
 * host (ingress-nginx's {@code ssl-redirect}): {@link #toHttps(int)}.
 *
 * @param scheme {@code http} or {@code https}
 * @param port   the port written into the location; 0, or the scheme's default port (80, 443), writes
 *               none
 * @param status 301, 302, 303, 307 or 308
 */
public record Redirect(String scheme, int port, int status) implements FilterConfig {
    private static final Set<Integer> STATUSES = Set.of(301, 302, 303, 307, 308);

    public Redirect {
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("redirect.scheme must be http or https, got " + scheme);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("redirect.port must be 0..65535 (0 = the scheme's default), got " + port);
        }
        if (!STATUSES.contains(status)) {
            throw new IllegalArgumentException("redirect.status must be one of 301, 302, 303, 307, 308, got " + status);
        }
    }

    /** {@code 308 Permanent Redirect} to HTTPS on {@code port} (443 or 0: no port in the location). */
    public static Redirect toHttps(int port) {
        return new Redirect("https", port, 308);
    }

    @Override
    public String type() {
        return "redirect";
    }
}
