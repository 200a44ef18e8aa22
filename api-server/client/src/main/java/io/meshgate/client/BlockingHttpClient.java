package io.meshgate.client;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A small blocking HTTP/1.1 client for a proxy process's few calls to the control plane (register,
 * follow the config, report status): one connection per request ({@code Connection: close}), TLS
 * from the JDK only for {@code https} (trusting the mesh CA of {@link CaTrust}, else the JDK's trust
 * store, host name verified), bodies as UTF-8 text.
 *
 * <p>Why not {@code java.net.http.HttpClient}: a sidecar runs it for a handful of requests a minute,
 * but it loads ~300 classes, a selector thread and its buffers, and sets up TLS even for {@code http}
 * (mesh-sidecar/README.md "Memory" has the figures).
 *
 * <p>Every request has a deadline covering connect, TLS handshake, sending and the whole answer; it
 * runs on a virtual thread of its own, so the caller's interrupt (a process stopping) aborts it at
 * once, whatever thread the caller is.
 */
public final class BlockingHttpClient {
    /** Larger answers are refused: a heap of 64 MiB must survive a broken or hostile server. */
    static final int MAX_BODY_BYTES = 32 << 20;
    private static final int MAX_HEADER_BYTES = 64 << 10;

    private final SSLContext tls;
    private final Duration connectTimeout;

    private BlockingHttpClient(SSLContext tls, Duration connectTimeout) {
        this.tls = tls;
        this.connectTimeout = connectTimeout;
    }

    /**
     * @param caFile the mesh CA for {@code https} (read now); null = the JDK's default trust
     * @throws IllegalArgumentException or {@link java.io.UncheckedIOException} for an unusable CA file
     */
    public static BlockingHttpClient of(Path caFile, Duration connectTimeout) {
        return new BlockingHttpClient(caFile == null ? null : CaTrust.sslContext(caFile),
                Objects.requireNonNull(connectTimeout, "connectTimeout"));
    }

    /** An answer: status, headers (names lower case, the last value of a repeated one) and the body. */
    public record Response(int status, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /** A header as a number, empty when absent or not a number. */
        public OptionalLong headerAsLong(String name) {
            String value = header(name);
            try {
                return value == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(value.strip()));
            } catch (NumberFormatException e) {
                return OptionalLong.empty();
            }
        }
    }

    /**
     * Sends one request and reads the whole answer within {@code timeout}.
     *
     * @param headers request headers (Host, Connection and Content-Length are set here)
     * @param body    null for none
     * @throws SocketTimeoutException when the deadline passes (the connection is closed)
     * @throws IOException            on connection, TLS or protocol errors
     * @throws InterruptedException   when the calling thread is interrupted (the connection is closed)
     */
    public Response send(String method, URI uri, Map<String, String> headers, String body, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Socket socket = new Socket();
        FutureTask<Response> exchange = new FutureTask<>(() -> exchange(socket, method, uri, headers, body, deadline));
        Thread.ofVirtual().name("meshgate-http-" + method).start(exchange);
        try {
            return exchange.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new SocketTimeoutException(method + " " + uri + " timed out after " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SocketTimeoutException) {
                throw new SocketTimeoutException(method + " " + uri + " timed out after " + timeout.toMillis() + " ms");
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException(method + " " + uri + ": " + cause, cause);
        } finally {
            // on a timeout or interrupt this aborts the exchange's blocked read; otherwise it is closed already
            closeQuietly(socket);
            exchange.cancel(true);
        }
    }

    private Response exchange(Socket plain, String method, URI uri, Map<String, String> headers, String body,
                              long deadline) throws IOException {
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        if (!https && !"http".equalsIgnoreCase(uri.getScheme())) {
            throw new IOException("unsupported scheme in " + uri + " (http or https)");
        }
        String host = uri.getHost();
        if (host == null) {
            throw new IOException("no host in " + uri);
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : https ? 443 : 80;
        plain.setTcpNoDelay(true);
        plain.connect(new InetSocketAddress(host, port), millisLeft(deadline, connectTimeout));
        Socket socket = plain;
        if (https) {
            SSLSocket ssl = (SSLSocket) sslContext().getSocketFactory().createSocket(plain, bare(host), port, true);
            SSLParameters parameters = ssl.getSSLParameters();
            // the certificate must name the host, as java.net.http and browsers check it
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            ssl.setSSLParameters(parameters);
            ssl.setSoTimeout(millisLeft(deadline, null));
            ssl.startHandshake();
            socket = ssl;
        }
        byte[] payload = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(256).append(method).append(' ').append(target(uri)).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host)
                .append(uri.getPort() >= 0 ? ":" + port : "").append("\r\nConnection: close\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (payload != null) {
            head.append("Content-Length: ").append(payload.length).append("\r\n");
        }
        head.append("\r\n");
        OutputStream out = socket.getOutputStream();
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (payload != null) {
            out.write(payload);
        }
        out.flush();
        return read(socket, new BufferedInputStream(socket.getInputStream(), 8192), method, deadline);
    }

    private SSLContext sslContext() throws IOException {
        if (tls != null) {
            return tls;
        }
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IOException("no default TLS context in this JDK: " + e.getMessage(), e);
        }
    }

    private static Response read(Socket socket, InputStream in, String method, long deadline) throws IOException {
        Map<String, String> headers = new TreeMap<>();
        String statusLine;
        int status;
        do {
            // 1xx answers (100 Continue) come before the real one
            headers.clear();
            statusLine = line(socket, in, deadline);
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP/1.x answer: " + abbreviate(statusLine));
            }
            try {
                status = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new IOException("bad status line: " + abbreviate(statusLine));
            }
            int headerBytes = 0;
            for (String line; !(line = line(socket, in, deadline)).isEmpty(); ) {
                headerBytes += line.length();
                if (headerBytes > MAX_HEADER_BYTES) {
                    throw new IOException("answer headers longer than " + MAX_HEADER_BYTES + " bytes");
                }
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
                }
            }
        } while (status >= 100 && status < 200);
        byte[] body;
        if ("HEAD".equals(method) || status == 204 || status == 304) {
            body = new byte[0];
        } else if ("chunked".equalsIgnoreCase(headers.getOrDefault("transfer-encoding", ""))) {
            body = chunked(socket, in, deadline);
        } else if (headers.containsKey("content-length")) {
            long length;
            try {
                length = Long.parseLong(headers.get("content-length"));
            } catch (NumberFormatException e) {
                throw new IOException("bad Content-Length: " + headers.get("content-length"));
            }
            if (length < 0 || length > MAX_BODY_BYTES) {
                throw new IOException("answer body of " + length + " bytes (at most " + MAX_BODY_BYTES + ")");
            }
            body = exactly(socket, in, (int) length, deadline);
        } else {
            body = untilClose(socket, in, deadline);
        }
        return new Response(status, java.util.Collections.unmodifiableMap(headers), new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] chunked(Socket socket, InputStream in, long deadline) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line(socket, in, deadline);
            int semicolon = sizeLine.indexOf(';');
            int size;
            try {
                size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("bad chunk size: " + abbreviate(sizeLine));
            }
            if (size < 0 || body.size() + (long) size > MAX_BODY_BYTES) {
                throw new IOException("answer body longer than " + MAX_BODY_BYTES + " bytes");
            }
            if (size == 0) {
                // trailers, up to the empty line
                while (!line(socket, in, deadline).isEmpty()) {
                    // ignored
                }
                return body.toByteArray();
            }
            body.writeBytes(exactly(socket, in, size, deadline));
            if (!line(socket, in, deadline).isEmpty()) {
                throw new IOException("chunk not followed by CRLF");
            }
        }
    }

    private static byte[] exactly(Socket socket, InputStream in, int length, long deadline) throws IOException {
        byte[] bytes = new byte[length];
        int read = 0;
        while (read < length) {
            socket.setSoTimeout(millisLeft(deadline, null));
            int n = in.read(bytes, read, length - read);
            if (n < 0) {
                throw new IOException("connection closed after " + read + " of " + length + " body bytes");
            }
            read += n;
        }
        return bytes;
    }

    private static byte[] untilClose(Socket socket, InputStream in, long deadline) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (true) {
            socket.setSoTimeout(millisLeft(deadline, null));
            int n = in.read(buffer);
            if (n < 0) {
                return body.toByteArray();
            }
            if (body.size() + n > MAX_BODY_BYTES) {
                throw new IOException("answer body longer than " + MAX_BODY_BYTES + " bytes");
            }
            body.write(buffer, 0, n);
        }
    }

    /** One header line without its CRLF (a bare LF is accepted too). */
    private static String line(Socket socket, InputStream in, long deadline) throws IOException {
        StringBuilder line = new StringBuilder(64);
        while (true) {
            socket.setSoTimeout(millisLeft(deadline, null));
            int b = in.read();
            if (b < 0) {
                throw new IOException(line.isEmpty() ? "connection closed before an answer" : "connection closed mid-line");
            }
            if (b == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            if (line.length() >= MAX_HEADER_BYTES) {
                throw new IOException("answer line longer than " + MAX_HEADER_BYTES + " bytes");
            }
            line.append((char) b);
        }
    }

    /** Milliseconds to the deadline for a socket timeout (never 0, which would mean forever), capped by {@code cap}. */
    private static int millisLeft(long deadline, Duration cap) throws SocketTimeoutException {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        if (cap != null) {
            left = Math.min(left, cap.toMillis());
        }
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, left));
    }

    private static String target(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }

    private static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is all that is left to do
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
