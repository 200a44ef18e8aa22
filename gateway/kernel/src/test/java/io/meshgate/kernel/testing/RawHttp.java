package io.meshgate.kernel.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** Sends raw bytes over a plain socket and returns everything the server answered before closing. */
public final class RawHttp {
    private RawHttp() {}

    /**
     * What came back: the bytes as ISO-8859-1 text and whether the server closed the connection
     * (end of stream or reset) within the read timeout.
     */
    public record Reply(String text, boolean closed) {
        /** The status code of the first response line, or -1 when nothing parseable came back. */
        public int status() {
            if (!text.startsWith("HTTP/1.1 ") || text.length() < 12) {
                return -1;
            }
            return Integer.parseInt(text.substring(9, 12));
        }
    }

    /** Sends {@code rawRequest} and reads until the server closes, or 10 s pass (then {@code closed} is false). */
    public static Reply send(int port, String rawRequest) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(10_000);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            boolean closed = false;
            try {
                socket.getOutputStream().write(rawRequest.getBytes(StandardCharsets.ISO_8859_1));
                socket.getOutputStream().flush();
                InputStream in = socket.getInputStream();
                byte[] buf = new byte[8192];
                int n;
                while ((n = in.read(buf)) > 0) {
                    out.write(buf, 0, n);
                }
                closed = true;
            } catch (SocketTimeoutException e) {
                // the server kept the connection open
            } catch (IOException e) {
                // reset by the server (it closed while our bytes were still unread): closed too
                closed = true;
            }
            return new Reply(out.toString(StandardCharsets.ISO_8859_1), closed);
        }
    }

    public static String exchange(int port, String rawRequest) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(rawRequest.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    out.write(buf, 0, n);
                }
            } catch (SocketTimeoutException e) {
                // the server kept the connection open: return what arrived
            }
            return out.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
