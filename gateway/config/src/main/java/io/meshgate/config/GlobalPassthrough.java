package io.meshgate.config;

import java.util.List;
import java.util.Locale;

/**
 * FSM's global SSL passthrough ({@code ingress.tls.sslPassthrough}): a ClientHello for SNI {@code h}
 * is relayed untouched to {@code h:upstreamPort}. Unlike FSM this is not an open relay: only server
 * names matching {@code allowedServerNames} (exact or {@code *.suffix}) are relayed; others are refused.
 *
 * <p>Nor is it a way into the gateway's own network: a name that DNS resolves to a loopback, private,
 * CGNAT, link-local, unspecified, multicast or broadcast address is refused, unless the operator pinned
 * it in the kernel's hosts file.
 *
 * @param allowPrivateAddresses also relay to loopback, private (RFC 1918, {@code fc00::/7}) and CGNAT
 *                              addresses that DNS returns; link-local (cloud metadata), unspecified,
 *                              multicast and broadcast stay refused. Null means false: it stays null so
 *                              that configs written before the switch existed serialise exactly as before
 */
public record GlobalPassthrough(int upstreamPort, List<String> allowedServerNames, Boolean allowPrivateAddresses) {
    public GlobalPassthrough {
        if (upstreamPort < 1 || upstreamPort > 65535) {
            throw new IllegalArgumentException("upstreamPort must be 1..65535, got " + upstreamPort);
        }
        allowedServerNames = Checks.list(allowedServerNames).stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
    }

    /** Global passthrough that relays to public addresses only. */
    public GlobalPassthrough(int upstreamPort, List<String> allowedServerNames) {
        this(upstreamPort, allowedServerNames, null);
    }

    /** The switch in force: {@link #allowPrivateAddresses()}, null read as false. */
    public boolean privateAddressesAllowed() {
        return Boolean.TRUE.equals(allowPrivateAddresses);
    }
}
