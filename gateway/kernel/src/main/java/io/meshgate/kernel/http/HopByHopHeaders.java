package io.meshgate.kernel.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes the headers that belong to one connection only (RFC 9110 §7.6.1) before a message crosses
 * the proxy. Names listed in {@code Connection} are removed too, except the ones a client must never be
 * able to nominate away: the {@code X-Forwarded-*} family is always rewritten by the proxy itself, so
 * listing it in {@code Connection} changes nothing. {@code Upgrade: h2c} and {@code HTTP2-Settings} are
 * always dropped (h2c smuggling).
 */
public final class HopByHopHeaders {
    private HopByHopHeaders() {}

    private static final AsciiString[] ALWAYS = {
        HttpHeaderNames.CONNECTION, HttpHeaderNames.KEEP_ALIVE, HttpHeaderNames.PROXY_CONNECTION,
        HttpHeaderNames.TE, HttpHeaderNames.TRAILER, HttpHeaderNames.TRANSFER_ENCODING,
        HttpHeaderNames.PROXY_AUTHENTICATE, HttpHeaderNames.PROXY_AUTHORIZATION,
        AsciiString.cached("http2-settings"),
    };

    /**
     * Strips hop-by-hop headers in place.
     *
     * @param keepUpgrade keep {@code Upgrade} (a WebSocket handshake being forwarded); any other
     *                    upgrade, h2c included, is removed
     */
    public static void strip(HttpHeaders headers, boolean keepUpgrade) {
        // one pass over the (few) headers instead of a hash lookup per hop-by-hop name: most
        // messages carry none of them, and this runs twice per proxied request
        List<CharSequence> found = null;
        for (var it = headers.iteratorCharSequence(); it.hasNext(); ) {
            CharSequence name = it.next().getKey();
            if (isHopByHop(name, keepUpgrade)) {
                if (found == null) {
                    found = new ArrayList<>(2);
                }
                found.add(name);
            }
        }
        if (found == null) {
            return;
        }
        List<String> nominated = null;
        for (String value : headers.getAll(HttpHeaderNames.CONNECTION)) {
            for (String token : value.split(",")) {
                String name = token.trim();
                if (!name.isEmpty() && !isProtected(name)
                        && !(keepUpgrade && HttpHeaderNames.UPGRADE.contentEqualsIgnoreCase(name))) {
                    if (nominated == null) {
                        nominated = new ArrayList<>(2);
                    }
                    nominated.add(name);
                }
            }
        }
        for (CharSequence name : found) {
            headers.remove(name);
        }
        if (nominated != null) {
            for (String name : nominated) {
                headers.remove(name);
            }
        }
    }

    private static boolean isHopByHop(CharSequence name, boolean keepUpgrade) {
        for (AsciiString hop : ALWAYS) {
            if (hop.length() == name.length() && hop.contentEqualsIgnoreCase(name)) {
                return true;
            }
        }
        return !keepUpgrade && HttpHeaderNames.UPGRADE.length() == name.length()
                && HttpHeaderNames.UPGRADE.contentEqualsIgnoreCase(name);
    }

    private static boolean isProtected(String name) {
        return name.regionMatches(true, 0, "x-forwarded-", 0, 12)
                || HttpHeaderNames.HOST.contentEqualsIgnoreCase(name)
                || HttpHeaderNames.CONTENT_LENGTH.contentEqualsIgnoreCase(name);
    }
}
