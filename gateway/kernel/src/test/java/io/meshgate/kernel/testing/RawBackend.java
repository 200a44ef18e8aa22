package io.meshgate.kernel.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP server whose connections are handled by plain blocking code (one virtual thread
 * each), for upstream misbehaviour a real HTTP server would not produce: a truncated response, or a
 * request that is never answered.
 */
public final class RawBackend implements AutoCloseable {

    /** What to do with one accepted connection; the socket is closed afterwards. */
    @FunctionalInterface
    public interface ConnectionHandler {
        void handle(Socket socket) throws IOException;
    }

    private final ServerSocket server;
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger finished = new AtomicInteger();

    public RawBackend(ConnectionHandler handler) {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofVirtual().name("raw-backend-accept").start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    accepted.incrementAndGet();
                    Thread.ofVirtual().start(() -> {
                        try (socket) {
                            handler.handle(socket);
                        } catch (IOException e) {
                            // the proxy closed its side: that is what several tests expect
                        } finally {
                            finished.incrementAndGet();
                        }
                    });
                } catch (IOException e) {
                    return; // server socket closed
                }
            }
        });
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Connections accepted so far. */
    public int accepted() {
        return accepted.get();
    }

    /** Connections whose handler returned (normally when the peer closed). */
    public int finished() {
        return finished.get();
    }

    /** Reads one request head (up to the blank line) and returns it; null at end of stream. */
    public static String readHead(Socket socket) throws IOException {
        var in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            head.append((char) c);
            if (head.length() >= 4 && head.lastIndexOf("\r\n\r\n") == head.length() - 4) {
                return head.toString();
            }
        }
        return null;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
