package io.meshgate.kernel.http;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.net.InetSocketAddress;

/**
 * Sets {@code X-Forwarded-For}, {@code -Proto}, {@code -Host} and {@code X-Real-IP} from what the proxy
 * saw. Client-sent values are not trusted by default (they are overwritten, not appended to: a client
 * cannot forge its address), and a client-sent {@code Forwarded} (RFC 7239), which the proxy does not
 * write itself, is dropped for the same reason. When the listener trusts them (the proxy sits behind
 * another trusted proxy), the client address is appended to the received {@code X-Forwarded-For} and
 * {@code Forwarded}, and the received proto, host and {@code X-Real-IP} are kept.
 */
public final class ForwardedHeaders {
    private ForwardedHeaders() {}

    static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
    static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
    static final AsciiString X_FORWARDED_HOST = AsciiString.cached("x-forwarded-host");
    static final AsciiString X_FORWARDED_PORT = AsciiString.cached("x-forwarded-port");
    static final AsciiString X_REAL_IP = AsciiString.cached("x-real-ip");
    static final AsciiString FORWARDED = AsciiString.cached("forwarded");

    public static void apply(HttpHeaders headers, InetSocketAddress client, boolean secure, String authority,
                             boolean trustIncoming) {
        apply(headers, clientIp(client), client != null && client.getAddress() instanceof java.net.Inet6Address,
                secure, authority, trustIncoming);
    }

    /** The client's address as these headers write it; computed once per connection by the caller. */
    static String clientIp(InetSocketAddress client) {
        return client == null ? "unknown" : client.getAddress().getHostAddress();
    }

    /**
     * As {@link #apply(HttpHeaders, InetSocketAddress, boolean, String, boolean)} with the client's address
     * already written out ({@link #clientIp}): the address string is made once per connection, not per request.
     */
    static void apply(HttpHeaders headers, String clientIp, boolean ipv6, boolean secure, String authority,
                      boolean trustIncoming) {
        if (trustIncoming) {
            String prior = headers.get(X_FORWARDED_FOR);
            headers.set(X_FORWARDED_FOR, prior == null || prior.isBlank() ? clientIp : prior + ", " + clientIp);
            if (!headers.contains(X_FORWARDED_PROTO)) {
                headers.set(X_FORWARDED_PROTO, secure ? "https" : "http");
            }
            if (!headers.contains(X_FORWARDED_HOST) && authority != null) {
                headers.set(X_FORWARDED_HOST, authority);
            }
            if (!headers.contains(X_REAL_IP)) {
                headers.set(X_REAL_IP, clientIp);
            }
            // RFC 7239 §6: an IPv6 node is bracketed and quoted
            String forwarded = headers.get(FORWARDED);
            if (forwarded != null) {
                headers.set(FORWARDED, forwarded + ", for=" + (ipv6 ? "\"[" + clientIp + "]\"" : clientIp));
            }
            return;
        }
        headers.set(X_REAL_IP, clientIp);
        headers.remove(FORWARDED);
        headers.set(X_FORWARDED_FOR, clientIp);
        headers.set(X_FORWARDED_PROTO, secure ? "https" : "http");
        headers.remove(X_FORWARDED_PORT);
        if (authority != null) {
            headers.set(X_FORWARDED_HOST, authority);
        } else {
            headers.remove(X_FORWARDED_HOST);
        }
    }
}
