package io.meshgate.config;

import java.util.List;
import java.util.Locale;

/**
 * FSM's global SSL passthrough ({@code ingress.tls.sslPassthrough}): a ClientHello for SNI {@code h}
 * is relayed untouched to {@code h:upstreamPort}. Unlike FSM this is not an open relay: only server
 * names matching {@code allowedServerNames} (exact or {@code *.suffix}) are relayed; others are refused.
 */
public record GlobalPassthrough(int upstreamPort, List<String> allowedServerNames) {
    public GlobalPassthrough {
        if (upstreamPort < 1 || upstreamPort > 65535) {
            throw new IllegalArgumentException("upstreamPort must be 1..65535, got " + upstreamPort);
        }
        allowedServerNames = Checks.list(allowedServerNames).stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
    }
}
