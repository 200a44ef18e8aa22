package io.meshgate.kernel.tunnel;

import io.meshgate.config.TunnelMode;
import io.meshgate.kernel.http.ResponseFlags;
import io.meshgate.kernel.observe.AccessLog;
import io.meshgate.kernel.observe.AccessLogEntry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;

/**
 * What happened on one accepted connection, written as one access-log line when it closes: the caller
 * (address, principal), the requested {@code host:port}, the allowing rule or why there was none, the
 * destination reached, bytes each way and the duration. A connection that closed without sending a
 * byte (a TCP health probe) asked for nothing and gets no line. Confined to the connection's event loop;
 * the meters it feeds are thread-safe.
 *
 * <p>Access-log fields: {@code route} is the rule ({@code passthrough}, or {@code none}), {@code method}
 * {@code CONNECT}, {@code protocol} {@code HTTP/1.1} or {@code SOCKS5}, {@code authority} the requested
 * destination, {@code upstream_host} the address connected to, {@code status} the HTTP status answered,
 * or for SOCKS5 its HTTP equivalent (200 succeeded, 400 bad request, 403 not allowed, 502 unreachable,
 * 504 timed out; {@code details} names the SOCKS5 reply code), {@code bytes_received} what the caller
 * sent through the tunnel, {@code bytes_sent} what it got back.
 */
final class TunnelRecord {
    private static final System.Logger LOG = System.getLogger(TunnelRecord.class.getName());

    static final String HANDSHAKE_FAILED = "tls handshake failed";
    static final String MALFORMED = "malformed request";
    static final String METHOD_NOT_ALLOWED = "method not allowed";
    static final String REQUEST_TIMEOUT = "request timeout";
    static final String NO_ACCEPTABLE_METHOD = "no acceptable socks method";
    static final String COMMAND_NOT_SUPPORTED = "socks command not supported";
    static final String ADDRESS_TYPE_NOT_SUPPORTED = "socks address type not supported";

    private final String listener;
    private final TunnelMode mode;
    private final String clientAddress;
    private final TunnelMetrics metrics;
    private final TunnelMetrics.ListenerMeters meters;
    private final AccessLog accessLog;
    private final Instant start = Instant.now();
    private final long startNanos = System.nanoTime();

    private boolean sawBytes;
    private boolean reported;
    private boolean opened;
    private Caller caller;
    private Destination destination;
    private String rule;
    private String upstream;
    private int status;
    private String flags = ResponseFlags.NONE;
    private String details;
    private long received;
    private long sent;

    TunnelRecord(String listener, TunnelMode mode, Object clientAddress, TunnelMetrics metrics, AccessLog accessLog) {
        this.listener = listener;
        this.mode = mode;
        this.clientAddress = String.valueOf(clientAddress);
        this.metrics = metrics;
        this.meters = metrics.listener(listener, mode);
        this.accessLog = accessLog;
    }

    String listener() {
        return listener;
    }

    /** The caller sent its first byte: from now on the connection is reported. */
    void firstByte() {
        sawBytes = true;
    }

    boolean sawBytes() {
        return sawBytes;
    }

    void caller(Caller who) {
        this.caller = who;
    }

    void destination(Destination where) {
        this.destination = where;
    }

    /** The connection never made a valid request. @param reason one of this class's fixed phrases */
    void rejected(int answered, String reason, String detail) {
        metrics.rejected(listener, mode, reason);
        end(answered, ResponseFlags.INVALID_REQUEST, reason + ": " + detail);
    }

    void denied(int answered, TunnelDecision.Denied denial, String reply) {
        metrics.denied(listener, mode, denial.reason());
        end(answered, ResponseFlags.ACCESS_DENIED, reply == null ? denial.detail() : reply + ": " + denial.detail());
    }

    void failed(int answered, String allowingRule, TunnelConnectException cause, String reply) {
        metrics.failed(listener, mode, cause.kind().phrase());
        this.rule = allowingRule;
        end(answered, cause.kind() == TunnelConnectException.Kind.TIMEOUT ? ResponseFlags.UPSTREAM_TIMEOUT
                : ResponseFlags.UPSTREAM_CONNECT_FAILURE, reply == null ? cause.getMessage() : reply + ": " + cause.getMessage());
    }

    void opened(String allowingRule, InetSocketAddress reached) {
        opened = true;
        rule = allowingRule;
        upstream = TunnelConnector.describe(reached);
        status = 200;
        meters.opened();
    }

    void received(long bytes) {
        received += bytes;
        meters.received(bytes);
    }

    void sent(long bytes) {
        sent += bytes;
        meters.sent(bytes);
    }

    private void end(int answered, String responseFlags, String why) {
        status = answered;
        flags = responseFlags;
        details = why;
    }

    /** The connection closed: the one access-log line. Idempotent. */
    void closed() {
        if (reported) {
            return;
        }
        reported = true;
        if (opened) {
            meters.closed();
        }
        long millis = Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
        LOG.log(System.Logger.Level.DEBUG, () -> "tunnel listener " + listener + ": " + clientAddress + " "
                + (caller == null ? "" : caller.principals() + " ") + (destination == null ? "-" : destination.authority())
                + " rule=" + rule + " status=" + status + " " + (details == null ? "" : details));
        if (!sawBytes || !accessLog.enabled()) {
            return;
        }
        accessLog.log(new AccessLogEntry(start, listener, rule == null ? "none" : rule, null, upstream, clientAddress,
                "CONNECT", destination == null ? null : destination.authority(), null,
                mode == TunnelMode.SOCKS5 ? "SOCKS5" : "HTTP/1.1", status, received, sent, millis, -1, null, null,
                flags, details, caller == null ? null : caller.principalText()));
    }
}
