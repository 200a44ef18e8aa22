package io.meshgate.kernel.http;

/**
 * Netty decodes the request line one char per byte but its encoder writes URIs as UTF-8, so a raw
 * non-ASCII byte in a query would change on its way upstream. Percent-encoding such bytes keeps the
 * query byte-identical in meaning for every server.
 */
final class QueryBytes {
    private QueryBytes() {}

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    static String toAscii(String rawQuery) {
        int i = 0;
        while (i < rawQuery.length() && rawQuery.charAt(i) < 0x80) {
            i++;
        }
        if (i == rawQuery.length()) {
            return rawQuery;
        }
        StringBuilder sb = new StringBuilder(rawQuery.length() + 16).append(rawQuery, 0, i);
        for (; i < rawQuery.length(); i++) {
            char c = rawQuery.charAt(i);
            if (c < 0x80) {
                sb.append(c);
            } else {
                int b = c & 0xFF;
                sb.append('%').append(HEX[b >> 4]).append(HEX[b & 0xF]);
            }
        }
        return sb.toString();
    }
}
