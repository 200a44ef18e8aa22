package io.meshgate.kernel.http;

/** Envoy-style short codes in the access log that say why an exchange ended the way it did. */
public final class ResponseFlags {
    private ResponseFlags() {}

    public static final String NONE = "-";
    /** No route matched. */
    public static final String NO_ROUTE = "NR";
    /** Upstream connection failure. */
    public static final String UPSTREAM_CONNECT_FAILURE = "UF";
    /** Upstream request timeout. */
    public static final String UPSTREAM_TIMEOUT = "UT";
    /** No healthy upstream (no endpoint, all weights 0). */
    public static final String NO_HEALTHY_UPSTREAM = "UH";
    /** Upstream connection pool overflow. */
    public static final String UPSTREAM_OVERFLOW = "UO";
    /** Upstream reset or closed the connection mid-exchange. */
    public static final String UPSTREAM_RESET = "UC";
    /** Downstream closed the connection mid-exchange. */
    public static final String DOWNSTREAM_CLOSED = "DC";
    /** Request refused by the proxy (malformed, too large). */
    public static final String INVALID_REQUEST = "DPE";
    /** The response made no progress for the stream idle timeout and was cut. */
    public static final String STREAM_IDLE_TIMEOUT = "SI";
    /** Answered locally by a filter. */
    public static final String LOCAL_REPLY = "LR";
    /** Refused by a mesh destination rule's access grants (Envoy's RBAC filter flag). */
    public static final String ACCESS_DENIED = "RBAC";
    /** A local rate limit refused the connection (Envoy's RL). */
    public static final String RATE_LIMITED = "RL";
}
