package io.meshgate.kernel.http;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.net.InetSocketAddress;

/**
 * Sets {@code X-Forwarded-For}, {@code -Proto} and {@code -Host} from what the proxy saw. Client-sent
 * values are not trusted by default (they are overwritten, not appended to: a client cannot forge its
 * address). When the listener trusts them (the proxy sits behind another trusted proxy), the client
 * address is appended to the received {@code X-Forwarded-For} and the received proto/host are kept.
 */
public final class ForwardedHeaders {
    private ForwardedHeaders() {}

    static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
    static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
    static final AsciiString X_FORWARDED_HOST = AsciiString.cached("x-forwarded-host");
    static final AsciiString X_FORWARDED_PORT = AsciiString.cached("x-forwarded-port");

    public static void apply(HttpHeaders headers, InetSocketAddress client, boolean secure, String authority,
                             boolean trustIncoming) {
        String clientIp = client == null ? "unknown" : client.getAddress().getHostAddress();
        if (trustIncoming) {
            String prior = headers.get(X_FORWARDED_FOR);
            headers.set(X_FORWARDED_FOR, prior == null || prior.isBlank() ? clientIp : prior + ", " + clientIp);
            if (!headers.contains(X_FORWARDED_PROTO)) {
                headers.set(X_FORWARDED_PROTO, secure ? "https" : "http");
            }
            if (!headers.contains(X_FORWARDED_HOST) && authority != null) {
                headers.set(X_FORWARDED_HOST, authority);
            }
            return;
        }
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
