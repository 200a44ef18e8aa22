package io.meshgate.kernel.http;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.util.List;
import java.util.Map;

/**
 * The strict checks every HTTP/1.1 request head passes before anything is routed or forwarded
 * (request smuggling and routing confusion). Netty's decoder already refuses most framing tricks; this
 * class turns its {@link DecoderResult} into the right status and adds what it lets through:
 * Content-Length together with Transfer-Encoding, any Transfer-Encoding other than a single
 * {@code chunked}, TE on HTTP/1.0, a missing, repeated or malformed Host, control characters in
 * header values, and methods that carry no meaning through a proxy (CONNECT, TRACE).
 * A rejected request is answered and the connection closed: it never reaches an upstream.
 */
public final class RequestGuard {
    private RequestGuard() {}

    /** Why a request is refused: the status to answer and a short cause. */
    public record Rejection(HttpResponseStatus status, String cause) {}

    /** Maps a failed decode to 414 (request line), 431 (headers) or 400 (anything else). */
    public static Rejection fromDecoderFailure(Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            return new Rejection(HttpResponseStatus.REQUEST_URI_TOO_LONG, "request line too long");
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return new Rejection(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "request headers too large");
        }
        if (cause instanceof TooLongFrameException) {
            return new Rejection(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "request headers too large");
        }
        return new Rejection(HttpResponseStatus.BAD_REQUEST, "malformed request");
    }

    /** Returns null when the HTTP/1.x request head is acceptable. */
    public static Rejection check(HttpRequest request) {
        DecoderResult result = request.decoderResult();
        if (result.isFailure()) {
            return fromDecoderFailure(result.cause());
        }
        HttpVersion version = request.protocolVersion();
        if (version.majorVersion() != 1) {
            return new Rejection(HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED, "unsupported HTTP version");
        }
        if (version.minorVersion() <= 1 && version != HttpVersion.HTTP_1_1 && version != HttpVersion.HTTP_1_0) {
            // Netty returns its constants only for the exact text "HTTP/1.x" and upper-cases anything
            // else, so a distinct 1.0/1.1 instance means a lower-case name like "http/1.1", which
            // RFC 9112 §2.3 makes invalid (the name is case-sensitive)
            return new Rejection(HttpResponseStatus.BAD_REQUEST, "invalid HTTP version");
        }
        HttpMethod method = request.method();
        if (method == HttpMethod.CONNECT || method == HttpMethod.TRACE) {
            return new Rejection(HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed");
        }
        // one pass over the headers (no list per getAll, no String entry per header): counts and first
        // values of the framing headers, and every value checked; the checks below keep their order
        int transferEncodings = 0;
        CharSequence transferEncoding = null;
        int lengths = 0;
        CharSequence length = null;
        int hosts = 0;
        CharSequence host = null;
        boolean invalidValue = false;
        for (var it = request.headers().iteratorCharSequence(); it.hasNext(); ) {
            Map.Entry<CharSequence, CharSequence> h = it.next();
            CharSequence name = h.getKey();
            CharSequence value = h.getValue();
            if (HttpHeaderNames.TRANSFER_ENCODING.contentEqualsIgnoreCase(name)) {
                if (transferEncodings++ == 0) {
                    transferEncoding = value;
                }
            } else if (HttpHeaderNames.CONTENT_LENGTH.contentEqualsIgnoreCase(name)) {
                if (lengths++ == 0) {
                    length = value;
                }
            } else if (HttpHeaderNames.HOST.contentEqualsIgnoreCase(name)) {
                if (hosts++ == 0) {
                    host = value;
                }
            }
            if (!invalidValue && !validValue(value)) {
                invalidValue = true;
            }
        }
        if (transferEncodings > 0) {
            if (lengths > 0) {
                return new Rejection(HttpResponseStatus.BAD_REQUEST, "both Content-Length and Transfer-Encoding");
            }
            if (version.minorVersion() == 0) {
                return new Rejection(HttpResponseStatus.BAD_REQUEST, "Transfer-Encoding on HTTP/1.0");
            }
            if (transferEncodings != 1 || !"chunked".equalsIgnoreCase(transferEncoding.toString())) {
                return new Rejection(HttpResponseStatus.BAD_REQUEST, "unsupported Transfer-Encoding");
            }
        }
        if (lengths > 1) {
            return new Rejection(HttpResponseStatus.BAD_REQUEST, "repeated Content-Length");
        }
        if (lengths == 1 && !isDigits(length)) {
            return new Rejection(HttpResponseStatus.BAD_REQUEST, "invalid Content-Length");
        }
        if (hosts > 1) {
            return new Rejection(HttpResponseStatus.BAD_REQUEST, "repeated Host");
        }
        if (hosts == 0 && version.minorVersion() >= 1) {
            return new Rejection(HttpResponseStatus.BAD_REQUEST, "missing Host");
        }
        if (hosts == 1 && Authority.parse(host.toString()) == null) {
            return new Rejection(HttpResponseStatus.BAD_REQUEST, "invalid Host");
        }
        if (invalidValue) {
            return new Rejection(HttpResponseStatus.BAD_REQUEST, "invalid header value");
        }
        String uri = request.uri();
        if (uri.isEmpty() || uri.charAt(0) != '/') {
            // absolute-form and asterisk-form are for forward proxies; an ingress refuses them rather
            // than route by one authority and forward another
            return new Rejection(HttpResponseStatus.BAD_REQUEST, "request target must be a path");
        }
        return null;
    }

    /**
     * Checks a request that arrived over HTTP/2 and was converted to HTTP/1 form. Netty's HTTP/2
     * codec already validates pseudo-headers and connection-specific headers (RFC 9113 §8.2);
     * what remains is what would be dangerous once re-serialised as HTTP/1.1 upstream.
     */
    public static Rejection checkHttp2(HttpRequest request) {
        if (request.decoderResult().isFailure()) {
            return new Rejection(HttpResponseStatus.BAD_REQUEST, "malformed request");
        }
        HttpMethod method = request.method();
        if (method == HttpMethod.CONNECT || method == HttpMethod.TRACE) {
            return new Rejection(HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed");
        }
        HttpHeaders headers = request.headers();
        // a client cannot send Transfer-Encoding over HTTP/2 (Netty's decoder refuses connection-specific
        // headers); the one seen here was added by the HTTP/2-to-HTTP/1 conversion for a body without
        // Content-Length (gRPC). The exchange frames the upstream request itself.
        headers.remove(HttpHeaderNames.TRANSFER_ENCODING);
        List<String> lengths = headers.getAll(HttpHeaderNames.CONTENT_LENGTH);
        if (lengths.size() > 1 || (lengths.size() == 1 && !isDigits(lengths.getFirst()))) {
            return new Rejection(HttpResponseStatus.BAD_REQUEST, "invalid Content-Length");
        }
        String host = headers.get(HttpHeaderNames.HOST);
        if (host == null || Authority.parse(host) == null) {
            return new Rejection(HttpResponseStatus.BAD_REQUEST, "invalid :authority");
        }
        for (Map.Entry<String, String> h : headers) {
            if (!validValue(h.getValue()) || !validName(h.getKey())) {
                return new Rejection(HttpResponseStatus.BAD_REQUEST, "invalid header");
            }
        }
        String uri = request.uri();
        if (uri.isEmpty() || uri.charAt(0) != '/') {
            return new Rejection(HttpResponseStatus.BAD_REQUEST, "request target must be a path");
        }
        return null;
    }

    private static boolean validName(String name) {
        return io.meshgate.config.HeaderNames.isToken(name);
    }

    private static boolean isDigits(CharSequence s) {
        if (s.isEmpty() || s.length() > 18) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** RFC 9110 §5.5: field values are VCHAR, SP, HTAB and obs-text; CR, LF and NUL never. */
    static boolean validValue(CharSequence value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return false;
            }
        }
        return true;
    }
}
