package io.meshgate.kernel.upstream;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The spellings upstreams use most in a response head, as shared constants: the decoder of an upstream
 * response would otherwise allocate a new name object per header and a string per word of the status line, for
 * every response (about 400 of the 2,800 bytes the gateway allocated per proxied request). A match is
 * byte-for-byte, case included, so a name keeps the spelling the upstream sent; anything else is decoded as
 * before.
 */
final class KnownResponseHeads {
    /** Canonical spellings (nginx, Apache, most frameworks) and their lowercase forms (Envoy, HTTP/2-era servers). */
    private static final List<String> NAMES = List.of(
            "Server", "Date", "Content-Type", "Content-Length", "Connection", "Keep-Alive", "Transfer-Encoding",
            "Last-Modified", "ETag", "Accept-Ranges", "Cache-Control", "Expires", "Pragma", "Age", "Vary",
            "Location", "Set-Cookie", "Content-Encoding", "Content-Language", "Content-Disposition",
            "Access-Control-Allow-Origin", "Strict-Transport-Security", "X-Content-Type-Options", "X-Frame-Options",
            "X-Request-Id");
    private static final List<HttpResponseStatus> STATUSES = List.of(
            HttpResponseStatus.OK, HttpResponseStatus.CREATED, HttpResponseStatus.NO_CONTENT,
            HttpResponseStatus.PARTIAL_CONTENT, HttpResponseStatus.MOVED_PERMANENTLY, HttpResponseStatus.FOUND,
            HttpResponseStatus.NOT_MODIFIED, HttpResponseStatus.TEMPORARY_REDIRECT, HttpResponseStatus.BAD_REQUEST,
            HttpResponseStatus.UNAUTHORIZED, HttpResponseStatus.FORBIDDEN, HttpResponseStatus.NOT_FOUND,
            HttpResponseStatus.INTERNAL_SERVER_ERROR, HttpResponseStatus.BAD_GATEWAY,
            HttpResponseStatus.SERVICE_UNAVAILABLE, HttpResponseStatus.GATEWAY_TIMEOUT);

    /** Header names by length: few candidates per length, compared byte-for-byte. */
    private static final Known<AsciiString>[] NAMES_BY_LENGTH = index(names());
    private static final Known<String>[] CODES_BY_LENGTH = index(STATUSES.stream()
            .map(s -> new Known<>(ascii(s.codeAsText().toString()), s.codeAsText().toString())).toList());
    private static final Known<String>[] REASONS_BY_LENGTH = index(STATUSES.stream()
            .map(s -> new Known<>(ascii(s.reasonPhrase()), s.reasonPhrase())).toList());
    private static final byte[] HTTP_1_1 = ascii(HttpVersion.HTTP_1_1.text());
    private static final byte[] HTTP_1_0 = ascii(HttpVersion.HTTP_1_0.text());

    private KnownResponseHeads() {
    }

    /** The shared name spelled exactly as {@code bytes[start, start + length)}, or null. */
    static AsciiString headerName(byte[] bytes, int start, int length) {
        return find(NAMES_BY_LENGTH, bytes, start, length);
    }

    /** {@code HTTP/1.1} or {@code HTTP/1.0} as the texts of Netty's version constants, or null. */
    static String version(byte[] bytes, int start, int length) {
        if (Arrays.equals(bytes, start, start + length, HTTP_1_1, 0, HTTP_1_1.length)) {
            return HttpVersion.HTTP_1_1.text();
        }
        return Arrays.equals(bytes, start, start + length, HTTP_1_0, 0, HTTP_1_0.length) ? HttpVersion.HTTP_1_0.text()
                : null;
    }

    /** A common status code's digits as a shared string, or null. */
    static String statusCode(byte[] bytes, int start, int length) {
        return find(CODES_BY_LENGTH, bytes, start, length);
    }

    /** A common status's standard reason phrase as a shared string, or null. */
    static String reasonPhrase(byte[] bytes, int start, int length) {
        return find(REASONS_BY_LENGTH, bytes, start, length);
    }

    private static <T> T find(Known<T>[] byLength, byte[] bytes, int start, int length) {
        if (length >= byLength.length) {
            return null;
        }
        for (Known<T> known = byLength[length]; known != null; known = known.next) {
            if (Arrays.equals(bytes, start, start + length, known.bytes, 0, length)) {
                return known.value;
            }
        }
        return null;
    }

    private static List<Known<AsciiString>> names() {
        List<Known<AsciiString>> known = new ArrayList<>();
        for (String name : NAMES) {
            for (String spelling : new String[] {name, name.toLowerCase(java.util.Locale.ROOT)}) {
                known.add(new Known<>(ascii(spelling), AsciiString.cached(spelling)));
            }
        }
        return known;
    }

    @SuppressWarnings("unchecked")
    private static <T> Known<T>[] index(List<Known<T>> entries) {
        int longest = entries.stream().mapToInt(k -> k.bytes.length).max().orElse(0);
        Known<T>[] byLength = new Known[longest + 1];
        for (Known<T> entry : entries) {
            int length = entry.bytes.length;
            byLength[length] = new Known<>(entry.bytes, entry.value, byLength[length]);
        }
        return byLength;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** One spelling and its shared value; a chain of the spellings of one length. */
    private static final class Known<T> {
        final byte[] bytes;
        final T value;
        final Known<T> next;

        Known(byte[] bytes, T value) {
            this(bytes, value, null);
        }

        Known(byte[] bytes, T value, Known<T> next) {
            this.bytes = bytes;
            this.value = value;
            this.next = next;
        }
    }
}
