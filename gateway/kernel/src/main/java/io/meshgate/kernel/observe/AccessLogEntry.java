package io.meshgate.kernel.observe;

import java.time.Instant;

/**
 * One finished exchange as the structured access log records it. Nullable text fields are written
 * as JSON {@code null}; nothing is validated here because the entry is built on the hot path from
 * values the proxy already checked (or, for client-sent headers, only escapes).
 *
 * @param startTime          when the request's first byte arrived
 * @param listener           listener name
 * @param route              matched route name, or null / {@code "none"} when nothing matched
 * @param cluster            cluster the request went to, or null for local answers
 * @param upstreamHost       {@code host:port} of the endpoint used, or null when none was reached
 * @param clientAddress      the client's socket address as the proxy saw it
 * @param method             request method
 * @param authority          {@code Host} / {@code :authority}
 * @param path               request target as received, <em>including the query string</em>:
 *                           operators expect to see it, and it is what the upstream saw (keep
 *                           secrets out of query strings, as for any web server log)
 * @param protocol           {@code "HTTP/1.1"} or {@code "HTTP/2"}
 * @param status             status sent to the client; 0 when none was sent
 * @param requestBytes       request body bytes received
 * @param responseBytes      response body bytes sent
 * @param durationMillis     first request byte to last response byte
 * @param upstreamTimeMillis request sent upstream to response head received; negative when the
 *                           request never got an upstream answer (written as null)
 * @param userAgent          {@code User-Agent} header, or null
 * @param requestId          {@code x-request-id} header, or null
 * @param responseFlags      Envoy-style short codes, comma separated ({@code "UF"}, {@code "UT"},
 *                           {@code "NR"}, {@code "DC"}, {@code "RBAC"}...), or {@code "-"} / null when none
 * @param details            why the proxy answered as it did when the flag alone does not say (the
 *                           reason of an access denial); null otherwise, and then not written
 * @param principal          the client's verified mesh identity (its certificate's DNS names, comma
 *                           separated) where the listener judges callers by it (egress tunnels); null
 *                           otherwise, and then not written
 */
public record AccessLogEntry(
        Instant startTime,
        String listener,
        String route,
        String cluster,
        String upstreamHost,
        String clientAddress,
        String method,
        String authority,
        String path,
        String protocol,
        int status,
        long requestBytes,
        long responseBytes,
        long durationMillis,
        long upstreamTimeMillis,
        String userAgent,
        String requestId,
        String responseFlags,
        String details,
        String principal) {

    /** An entry without a principal. */
    public AccessLogEntry(Instant startTime, String listener, String route, String cluster, String upstreamHost,
                          String clientAddress, String method, String authority, String path, String protocol,
                          int status, long requestBytes, long responseBytes, long durationMillis,
                          long upstreamTimeMillis, String userAgent, String requestId, String responseFlags,
                          String details) {
        this(startTime, listener, route, cluster, upstreamHost, clientAddress, method, authority, path, protocol,
                status, requestBytes, responseBytes, durationMillis, upstreamTimeMillis, userAgent, requestId,
                responseFlags, details, null);
    }

    /** An entry without details. */
    public AccessLogEntry(Instant startTime, String listener, String route, String cluster, String upstreamHost,
                          String clientAddress, String method, String authority, String path, String protocol,
                          int status, long requestBytes, long responseBytes, long durationMillis,
                          long upstreamTimeMillis, String userAgent, String requestId, String responseFlags) {
        this(startTime, listener, route, cluster, upstreamHost, clientAddress, method, authority, path, protocol,
                status, requestBytes, responseBytes, durationMillis, upstreamTimeMillis, userAgent, requestId,
                responseFlags, null, null);
    }
}
