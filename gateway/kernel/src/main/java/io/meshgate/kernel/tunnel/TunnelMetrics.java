package io.meshgate.kernel.tunnel;

import io.meshgate.config.TunnelMode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The tunnel listeners' meters, FSM's egress-gateway metrics under Meshgate's names (Prometheus names
 * after the arrow; every meter is tagged {@code listener} and {@code mode}, {@code connect} or
 * {@code socks5}):
 * <ul>
 *   <li>{@code socks_active_connection}, {@code http2tunnel_active_connection} &rarr;
 *       {@code meshgate_tunnel_connections_active}: tunnels relaying now;</li>
 *   <li>{@code ..._total_connection} &rarr; {@code meshgate_tunnel_connections_total}: tunnels opened;</li>
 *   <li>{@code ..._receive_bytes_total} &rarr; {@code meshgate_tunnel_received_bytes_total}: bytes from
 *       callers, relayed to destinations;</li>
 *   <li>{@code ..._send_bytes_total} &rarr; {@code meshgate_tunnel_sent_bytes_total}: bytes from
 *       destinations, relayed to callers;</li>
 *   <li>{@code meshgate_tunnel_denied_total{reason}}: requests the rules refused (403 / SOCKS5 0x02);</li>
 *   <li>{@code meshgate_tunnel_rejected_total{reason}}: connections that never made a valid request (a
 *       failed TLS handshake or a missing client certificate, a malformed CONNECT, a SOCKS5 method or
 *       command the gateway does not serve, no request in time);</li>
 *   <li>{@code meshgate_tunnel_failures_total{reason}}: allowed tunnels whose destination could not be
 *       resolved or reached.</li>
 * </ul>
 * FSM also labels by source and destination address and port; those are in the access log instead,
 * since every caller and destination would be a new time series. All of it is in the admin
 * {@code /stats} lines too. Thread-safe: tunnels on every event loop count here.
 */
final class TunnelMetrics {
    static final String ACTIVE = "meshgate.tunnel.connections.active";
    static final String OPENED = "meshgate.tunnel.connections";
    static final String RECEIVED = "meshgate.tunnel.received";
    static final String SENT = "meshgate.tunnel.sent";
    static final String DENIED = "meshgate.tunnel.denied";
    static final String REJECTED = "meshgate.tunnel.rejected";
    static final String FAILURES = "meshgate.tunnel.failures";

    private record Key(String listener, String mode) {}

    private record ReasonKey(String name, String listener, String mode, String reason) {}

    /** One listener's tunnel meters. */
    final class ListenerMeters {
        private final AtomicInteger active = new AtomicInteger();
        private final Counter opened;
        private final Counter received;
        private final Counter sent;

        private ListenerMeters(Key key) {
            Gauge.builder(ACTIVE, active, AtomicInteger::get).description("Tunnels relaying now")
                    .tag("listener", key.listener).tag("mode", key.mode).register(registry);
            opened = Counter.builder(OPENED).description("Tunnels opened")
                    .tag("listener", key.listener).tag("mode", key.mode).register(registry);
            received = Counter.builder(RECEIVED).baseUnit("bytes").description("Bytes from callers, relayed to destinations")
                    .tag("listener", key.listener).tag("mode", key.mode).register(registry);
            sent = Counter.builder(SENT).baseUnit("bytes").description("Bytes from destinations, relayed to callers")
                    .tag("listener", key.listener).tag("mode", key.mode).register(registry);
        }

        void opened() {
            opened.increment();
            active.incrementAndGet();
        }

        void closed() {
            active.decrementAndGet();
        }

        void received(long bytes) {
            received.increment(bytes);
        }

        void sent(long bytes) {
            sent.increment(bytes);
        }
    }

    private final MeterRegistry registry;
    private final Map<Key, ListenerMeters> listeners = new ConcurrentHashMap<>();
    private final Map<ReasonKey, Counter> reasons = new ConcurrentHashMap<>();

    TunnelMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    ListenerMeters listener(String listener, TunnelMode mode) {
        return listeners.computeIfAbsent(new Key(listener, modeTag(mode)), ListenerMeters::new);
    }

    /** @param reason one of {@link TunnelPolicy}'s fixed phrases */
    void denied(String listener, TunnelMode mode, String reason) {
        count(DENIED, "Tunnel requests no rule allowed", listener, mode, reason);
    }

    /** @param reason one of a few fixed phrases ({@link TunnelRecord}'s rejections) */
    void rejected(String listener, TunnelMode mode, String reason) {
        count(REJECTED, "Tunnel connections without a valid request", listener, mode, reason);
    }

    /** @param reason a {@link TunnelConnectException.Kind}'s phrase */
    void failed(String listener, TunnelMode mode, String reason) {
        count(FAILURES, "Allowed tunnels whose destination could not be reached", listener, mode, reason);
    }

    private void count(String name, String description, String listener, TunnelMode mode, String reason) {
        String tag = reason.toLowerCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
        reasons.computeIfAbsent(new ReasonKey(name, listener, modeTag(mode), tag), k -> Counter.builder(k.name)
                .description(description).tag("listener", k.listener).tag("mode", k.mode).tag("reason", k.reason)
                .register(registry)).increment();
    }

    private static String modeTag(TunnelMode mode) {
        return mode.name().toLowerCase(Locale.ROOT);
    }
}
