package io.meshgate.kernel.path;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The one canonicaliser of request paths, used both to match routes and to build the target the
 * proxy forwards, so that the proxy and the upstream can never disagree about which path was asked
 * for (Envoy CVE-2019-9901, CVE-2021-29492, HAProxy's raw-path bypasses).
 *
 * <p>Rules, applied to the path part of an origin-form request-target ({@code /a/b?x=1}):
 * <ol>
 *   <li>the target must start with {@code /};</li>
 *   <li>percent-escapes of unreserved characters ({@code ALPHA DIGIT - . _ ~}) are decoded, every other
 *       escape is kept with upper-case hex; an invalid escape is refused;</li>
 *   <li>{@code %2F} and {@code %5C} (escaped slash and backslash) are refused, and so is a raw
 *       backslash: some upstreams treat them as separators, which would let {@code /x/..%2Fadmin} slip
 *       past a prefix rule;</li>
 *   <li>control characters are refused, raw or escaped ({@code %00} truncates paths in C upstreams,
 *       {@code %0D%0A} is the raw material of header injection in redirects);</li>
 *   <li>characters that may not appear raw in a path ({@code " # < > [ ] ^ ` { | }}, space, non-ASCII)
 *       are percent-encoded, so equivalent spellings end up identical. The input is expected one char
 *       per byte, as Netty decodes request lines; a char above U+00FF is encoded as its UTF-8 bytes;</li>
 *   <li>{@code //} is merged into {@code /} when asked (before dot segments, as nginx does);</li>
 *   <li>dot segments are removed (RFC 3986 §5.2.4), including escaped ones such as {@code %2e%2e};
 *       a {@code ..} that would climb above the root is refused (nginx answers 400 too), and so is a
 *       dot segment carrying parameters ({@code ..;x}), which Servlet containers treat as {@code ..};</li>
 *   <li>a trailing slash is kept; the query is kept byte for byte, but control characters in it are
 *       refused.</li>
 * </ol>
 * The result is idempotent: normalising a canonical path returns it unchanged. Absolute-form and
 * {@code *} targets are the caller's business.
 */
public final class PathNormalizer {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** ALPHA DIGIT - . _ ~ (RFC 3986 §2.3): decoding their escapes never changes meaning. */
    private static final boolean[] UNRESERVED = new boolean[128];
    /** Characters allowed raw in a path: unreserved, sub-delims, ':', '@' and '/' (RFC 3986 §3.3). */
    private static final boolean[] PATH_RAW = new boolean[128];

    static {
        for (char c = 'a'; c <= 'z'; c++) {
            UNRESERVED[c] = true;
            UNRESERVED[Character.toUpperCase(c)] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            UNRESERVED[c] = true;
        }
        for (char c : "-._~".toCharArray()) {
            UNRESERVED[c] = true;
        }
        System.arraycopy(UNRESERVED, 0, PATH_RAW, 0, UNRESERVED.length);
        for (char c : "!$&'()*+,;=:@/".toCharArray()) {
            PATH_RAW[c] = true;
        }
    }

    private PathNormalizer() {}

    /**
     * Canonicalises an origin-form request-target.
     *
     * @param requestTarget the raw target from the request line, e.g. {@code /a/%2e%2e/b?x=1}
     * @param mergeSlashes  collapse runs of {@code /} into one
     * @return the canonical path and the raw query, or an error message (never null)
     */
    public static NormalizedTarget normalize(String requestTarget, boolean mergeSlashes) {
        if (requestTarget == null || requestTarget.isEmpty()) {
            return NormalizedTarget.invalid("empty request target");
        }
        if (requestTarget.charAt(0) != '/') {
            return NormalizedTarget.invalid("path must start with '/'");
        }
        int q = requestTarget.indexOf('?');
        String rawPath = q < 0 ? requestTarget : requestTarget.substring(0, q);
        String rawQuery = q < 0 ? null : requestTarget.substring(q + 1);
        if (rawQuery != null && hasControlChar(rawQuery)) {
            return NormalizedTarget.invalid("control character in query");
        }
        if (isAlreadyCanonical(rawPath, mergeSlashes)) {
            // the common case: no escapes, no dot segments, nothing to merge; no copying
            return new NormalizedTarget(rawPath, rawQuery, null);
        }
        StringBuilder escaped = new StringBuilder(rawPath.length() + 8);
        String error = canonicalizeEscapes(rawPath, escaped);
        if (error != null) {
            return NormalizedTarget.invalid(error);
        }
        StringBuilder path = new StringBuilder(escaped.length());
        error = removeDotSegments(escaped, mergeSlashes, path);
        if (error != null) {
            return NormalizedTarget.invalid(error);
        }
        return new NormalizedTarget(path.toString(), rawQuery, null);
    }

    /** True when no rule would change or refuse {@code path}: every char raw-safe, no "/.", no "//" to merge. */
    private static boolean isAlreadyCanonical(String path, boolean mergeSlashes) {
        char previous = 0;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c >= 128 || !PATH_RAW[c]) {
                return false; // escapes, controls, backslash, chars to encode
            }
            if (previous == '/' && (c == '.' || (mergeSlashes && c == '/'))) {
                return false;
            }
            previous = c;
        }
        return true;
    }

    /** Rules 2 to 5: writes the path with canonical escapes into {@code out}; returns an error or null. */
    private static String canonicalizeEscapes(String path, StringBuilder out) {
        int i = 0;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '%') {
                if (i + 2 >= path.length()) {
                    return "invalid percent-encoding";
                }
                int hi = hexValue(path.charAt(i + 1));
                int lo = hexValue(path.charAt(i + 2));
                if (hi < 0 || lo < 0) {
                    return "invalid percent-encoding";
                }
                int b = (hi << 4) | lo;
                if (b == '/') {
                    return "encoded slash not allowed";
                }
                if (b == '\\') {
                    return "encoded backslash not allowed";
                }
                if (isControl(b)) {
                    return "encoded control character not allowed";
                }
                if (b < 128 && UNRESERVED[b]) {
                    out.append((char) b);
                } else {
                    appendEscape(out, b);
                }
                i += 3;
                continue;
            }
            if (isControl(c)) {
                return "control character in path";
            }
            if (c == '\\') {
                return "backslash not allowed";
            }
            if (c < 128 && PATH_RAW[c]) {
                out.append(c);
            } else if (c <= 0xFF) {
                appendEscape(out, c);
            } else {
                int codePoint = path.codePointAt(i);
                if (Character.isBmpCodePoint(codePoint) && Character.isSurrogate((char) codePoint)) {
                    // a lone surrogate: no byte sequence stands for it
                    return "invalid character in path";
                }
                for (byte b : Character.toString(codePoint).getBytes(StandardCharsets.UTF_8)) {
                    appendEscape(out, b & 0xFF);
                }
                i += Character.charCount(codePoint);
                continue;
            }
            i++;
        }
        return null;
    }

    /**
     * Rules 6 and 7 on a path whose only separators are real slashes. Keeps a stack of the output
     * length before each segment so that {@code ..} pops in constant time.
     */
    private static String removeDotSegments(CharSequence path, boolean mergeSlashes, StringBuilder out) {
        int[] segmentStarts = new int[8];
        int depth = 0;
        int length = path.length();
        int from = 1; // path.charAt(0) == '/'
        while (true) {
            int to = indexOf(path, '/', from);
            boolean last = to < 0;
            if (last) {
                to = length;
            }
            int segmentLength = to - from;
            if (segmentLength == 0 && mergeSlashes && !last) {
                from = to + 1; // an empty segment in the middle: "//" collapses
                continue;
            }
            if (isDot(path, from, segmentLength)) {
                if (last) {
                    out.append('/');
                }
            } else if (isDotDot(path, from, segmentLength)) {
                if (depth == 0) {
                    return "path climbs above root";
                }
                out.setLength(segmentStarts[--depth]);
                if (last) {
                    out.append('/');
                }
            } else {
                if (startsWithDotParameter(path, from, segmentLength)) {
                    return "dot segment with parameters not allowed";
                }
                if (depth == segmentStarts.length) {
                    segmentStarts = Arrays.copyOf(segmentStarts, depth * 2);
                }
                segmentStarts[depth++] = out.length();
                out.append('/').append(path, from, to);
            }
            if (last) {
                return null;
            }
            from = to + 1;
        }
    }

    private static boolean isDot(CharSequence s, int from, int length) {
        return length == 1 && s.charAt(from) == '.';
    }

    private static boolean isDotDot(CharSequence s, int from, int length) {
        return length == 2 && s.charAt(from) == '.' && s.charAt(from + 1) == '.';
    }

    /** {@code .;x} or {@code ..;x}: Tomcat and Jetty strip the parameter and then resolve the dots. */
    private static boolean startsWithDotParameter(CharSequence s, int from, int length) {
        if (length >= 2 && s.charAt(from) == '.' && s.charAt(from + 1) == ';') {
            return true;
        }
        return length >= 3 && s.charAt(from) == '.' && s.charAt(from + 1) == '.' && s.charAt(from + 2) == ';';
    }

    private static int indexOf(CharSequence s, char c, int from) {
        for (int i = from; i < s.length(); i++) {
            if (s.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    /** ASCII hex only: {@link Character#digit} would also accept non-ASCII digits. */
    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }

    private static boolean hasControlChar(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (isControl(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isControl(int c) {
        return c < 0x20 || c == 0x7F;
    }

    private static void appendEscape(StringBuilder out, int b) {
        out.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
    }
}
