package io.meshgate.sidecar.translator.egress;

import java.util.Locale;
import java.util.Optional;

/**
 * An Egress port's {@code protocol}, as FSM's Egress API spells it: how the sidecar recognises the
 * traffic the policy opens.
 */
public enum EgressProtocol {
    /** Requests parsed and matched by {@code Host} (and the policy's HTTPRouteGroup matches). */
    HTTP("http"),
    /** HTTP whose destination speaks HTTP/2 (gRPC): routed like {@code http}. */
    GRPC("grpc"),
    /** TLS from the application, matched by the ClientHello's SNI against the hosts, relayed as bytes. */
    HTTPS("https"),
    /** Bytes, matched by destination port and {@code ipAddresses}. */
    TCP("tcp"),
    /** Bytes of a protocol whose server speaks first (MySQL, PostgreSQL): nothing waits for client bytes. */
    TCP_SERVER_FIRST("tcp-server-first");

    private final String wire;

    EgressProtocol(String wire) {
        this.wire = wire;
    }

    /** The protocol of {@code value} (any case), empty when it is none of FSM's. */
    public static Optional<EgressProtocol> of(String value) {
        String lower = value == null ? "" : value.toLowerCase(Locale.ROOT);
        for (EgressProtocol p : values()) {
            if (p.wire.equals(lower)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** True for the protocols whose requests are routed ({@code http}, {@code grpc}). */
    public boolean routesRequests() {
        return this == HTTP || this == GRPC;
    }

    @Override
    public String toString() {
        return wire;
    }
}
