package io.meshgate.egress.translator;

import io.meshgate.config.TunnelMode;
import java.util.Locale;
import java.util.Optional;

/**
 * FSM's two egress gateway modes by their names in its MeshConfig ({@code spec.egressGateway.mode}) and Helm
 * values: {@code http2tunnel} (HTTP {@code CONNECT}) and {@code sock5} (SOCKS5; FSM's spelling, {@code socks5}
 * is accepted too, though apply-time validation admits only FSM's two names).
 */
public final class GatewayMode {
    /** FSM's default mode. */
    public static final String DEFAULT = "http2tunnel";

    private GatewayMode() {}

    /** The tunnel mode a mode name stands for; empty for a name FSM does not know. */
    public static Optional<TunnelMode> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "http2tunnel" -> Optional.of(TunnelMode.CONNECT);
            case "sock5", "socks5" -> Optional.of(TunnelMode.SOCKS5);
            default -> Optional.empty();
        };
    }

    /** FSM's name of a tunnel mode. */
    public static String nameOf(TunnelMode mode) {
        return mode == TunnelMode.CONNECT ? "http2tunnel" : "sock5";
    }
}
