package io.meshgate.kernel.tls;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/** Real ClientHello bytes from the JDK's TLS client, and ways to mangle them. */
final class ClientHellos {
    private ClientHellos() {}

    /** The first flight of a JDK client sending this SNI: one TLS record holding the ClientHello. */
    static byte[] withSni(String sni) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, null, null);
            SSLEngine engine = context.createSSLEngine(sni, 443);
            engine.setUseClientMode(true);
            ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
            engine.wrap(ByteBuffer.allocate(0), out);
            out.flip();
            byte[] bytes = new byte[out.remaining()];
            out.get(bytes);
            return bytes;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Re-frames the first TLS record into records carrying at most {@code size} bytes of it each,
     * the way a hostile or unusual client may split its ClientHello; bytes after the first record
     * are appended unchanged.
     */
    static byte[] fragment(byte[] flight, int size) {
        int length = ((flight[3] & 0xFF) << 8) | (flight[4] & 0xFF);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int offset = 0; offset < length; offset += size) {
            int n = Math.min(size, length - offset);
            out.write(flight[0]);
            out.write(flight[1]);
            out.write(flight[2]);
            out.write(n >> 8);
            out.write(n);
            out.write(flight, 5 + offset, n);
        }
        out.write(flight, 5 + length, flight.length - 5 - length);
        return out.toByteArray();
    }

    /** Replaces one ASCII string by another of the same length (e.g. to plant a malformed SNI). */
    static byte[] replace(byte[] bytes, String from, String to) {
        byte[] f = from.getBytes(StandardCharsets.US_ASCII);
        byte[] t = to.getBytes(StandardCharsets.US_ASCII);
        if (f.length != t.length) {
            throw new IllegalArgumentException("same length only");
        }
        byte[] copy = bytes.clone();
        for (int i = 0; i + f.length <= copy.length; i++) {
            if (Arrays.equals(copy, i, i + f.length, f, 0, f.length)) {
                System.arraycopy(t, 0, copy, i, t.length);
                return copy;
            }
        }
        throw new IllegalArgumentException(from + " not found");
    }
}
