package io.meshgate.console.forms;

import java.util.Locale;

/**
 * Whether an Ingress rule serves a TLS host, for the form's advice that every {@code spec.tls}
 * host should be routed by some rule. Kubernetes host matching: names compare case-insensitively,
 * and a {@code *.} wildcard stands for exactly one leading DNS label.
 */
final class TlsHosts {
    private TlsHosts() {}

    /**
     * True when a request for {@code tlsHost} would be routed by a rule for {@code ruleHost}.
     * A rule without host serves every host; a wildcard TLS host is covered by a rule host it
     * matches (the certificate serves that rule) or by the same wildcard.
     */
    static boolean covers(String ruleHost, String tlsHost) {
        String rule = ruleHost.trim().toLowerCase(Locale.ROOT);
        String tls = tlsHost.trim().toLowerCase(Locale.ROOT);
        return rule.isEmpty() || rule.equals(tls) || wildcardMatches(rule, tls) || wildcardMatches(tls, rule);
    }

    /** {@code *.example.com} matches {@code a.example.com}, not {@code example.com} nor {@code a.b.example.com}. */
    private static boolean wildcardMatches(String pattern, String host) {
        if (!pattern.startsWith("*.") || host.startsWith("*.")) {
            return false;
        }
        String suffix = pattern.substring(1);
        int dot = host.indexOf('.');
        return dot > 0 && host.substring(dot).equals(suffix);
    }
}
