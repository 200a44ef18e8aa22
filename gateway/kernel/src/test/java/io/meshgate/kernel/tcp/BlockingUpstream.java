package io.meshgate.kernel.tcp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A plain-socket upstream for relay tests, independent of the code under test: one virtual thread
 * per accepted connection runs the given behaviour. Accepted sockets are queued for inspection.
 */
final class BlockingUpstream implements AutoCloseable {

    /** What the upstream does with one connection. */
    @FunctionalInterface
    interface Behaviour {
        void serve(Socket socket) throws IOException;
    }

    private final ServerSocket server;
    private final BlockingQueue<Socket> accepted = new LinkedBlockingQueue<>();
    private final List<Socket> all = new CopyOnWriteArrayList<>();

    BlockingUpstream(Behaviour behaviour) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    s.setSoTimeout(30_000);
                    all.add(s);
                    accepted.add(s);
                    Thread.ofVirtual().start(() -> {
                        try {
                            behaviour.serve(s);
                        } catch (IOException ignored) {
                            // the test observes the effect on the client side
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    int port() {
        return server.getLocalPort();
    }

    /** The next accepted connection, waiting up to 30 s. */
    Socket nextAccepted() throws InterruptedException {
        Socket s = accepted.poll(30, java.util.concurrent.TimeUnit.SECONDS);
        if (s == null) {
            throw new AssertionError("upstream accepted no connection");
        }
        return s;
    }

    /** Echoes until end of stream, then closes. */
    static void echo(Socket s) throws IOException {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            in.transferTo(out);
        }
    }

    /** Does nothing: the test drives the socket. */
    static void idle(Socket s) {
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : all) {
            s.close();
        }
    }
}
