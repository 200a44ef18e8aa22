package io.meshgate.kernel.tls;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A loopback TCP proxy in front of a listener that splits the client's first TLS record (the
 * ClientHello) into small records and sends each in its own TCP write, then relays everything else
 * unchanged. Lets a stock TLS client exercise ClientHello reassembly end to end.
 */
final class FragmentingProxy implements AutoCloseable {
    private final ServerSocket server;

    FragmentingProxy(int targetPort, int fragmentSize) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    Thread.ofVirtual().start(() -> serve(client, targetPort, fragmentSize));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    int port() {
        return server.getLocalPort();
    }

    private static void serve(Socket client, int targetPort, int fragmentSize) {
        try (client; Socket target = new Socket()) {
            target.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 10_000);
            target.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(client.getInputStream());
            byte[] header = new byte[5];
            in.readFully(header);
            byte[] body = new byte[((header[3] & 0xFF) << 8) | (header[4] & 0xFF)];
            in.readFully(body);
            byte[] record = new byte[5 + body.length];
            System.arraycopy(header, 0, record, 0, 5);
            System.arraycopy(body, 0, record, 5, body.length);
            byte[] fragmented = ClientHellos.fragment(record, fragmentSize);
            OutputStream out = target.getOutputStream();
            for (int offset = 0; offset < fragmented.length; offset += fragmentSize + 5) {
                out.write(fragmented, offset, Math.min(fragmentSize + 5, fragmented.length - offset));
                out.flush();
            }
            Thread back = Thread.ofVirtual().start(() -> pump(target, client));
            pump(client, target);
            back.join();
        } catch (IOException | InterruptedException ignored) {
            // the test sees the outcome on the client side
        }
    }

    private static void pump(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream();
            in.transferTo(to.getOutputStream());
            to.shutdownOutput();
        } catch (IOException ignored) {
            // one side closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
