package io.meshgate.kernel.mesh;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal egress gateway for tests, on 127.0.0.1: answers one CONNECT or SOCKS5 request per
 * connection, records what was asked for, and relays to 127.0.0.1 at the asked port whatever host
 * was named (tests never reach another address). {@code refuse} answers 403 / SOCKS5 reply 2 instead.
 */
final class TinyTunnelGateway implements AutoCloseable {
    enum Mode { CONNECT, SOCKS5 }

    private final ServerSocket server;
    private final Mode mode;
    private final boolean refuse;
    final List<String> asked = new CopyOnWriteArrayList<>();

    TinyTunnelGateway(Mode mode, boolean refuse) throws IOException {
        this.mode = mode;
        this.refuse = refuse;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::acceptLoop, "tiny-gateway");
        accept.setDaemon(true);
        accept.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                client.setSoTimeout(10_000);
                Thread t = new Thread(() -> serve(client), "tiny-gateway-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            int port = mode == Mode.CONNECT ? connect(in, out) : socks(in, out);
            if (port < 0) {
                return;
            }
            try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), port)) {
                Thread up = new Thread(() -> pipe(in, upstream), "tiny-gateway-up");
                up.setDaemon(true);
                up.start();
                upstream.getInputStream().transferTo(out);
                up.join(5_000);
            }
        } catch (IOException | InterruptedException e) {
            // the test reads what arrived; a broken tunnel shows there
        }
    }

    private static void pipe(InputStream in, Socket upstream) {
        try {
            in.transferTo(upstream.getOutputStream());
            upstream.shutdownOutput();
        } catch (IOException e) {
            // closed
        }
    }

    private int connect(InputStream in, OutputStream out) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return -1;
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        asked.add(text);
        if (refuse) {
            out.write("HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            return -1;
        }
        String target = text.substring("CONNECT ".length(), text.indexOf(' ', "CONNECT ".length()));
        out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return Integer.parseInt(target.substring(target.lastIndexOf(':') + 1));
    }

    private int socks(InputStream in, OutputStream out) throws IOException {
        DataInputStream data = new DataInputStream(in);
        int version = data.readUnsignedByte();
        int methods = data.readUnsignedByte();
        byte[] offered = data.readNBytes(methods);
        out.write(new byte[] {5, 0});
        int v2 = data.readUnsignedByte();
        int command = data.readUnsignedByte();
        data.readUnsignedByte();
        int atyp = data.readUnsignedByte();
        String host = switch (atyp) {
            case 1 -> InetAddress.getByAddress(data.readNBytes(4)).getHostAddress();
            case 4 -> InetAddress.getByAddress(data.readNBytes(16)).getHostAddress();
            case 3 -> new String(data.readNBytes(data.readUnsignedByte()), StandardCharsets.US_ASCII);
            default -> throw new IOException("atyp " + atyp);
        };
        int port = data.readUnsignedShort();
        asked.add("v" + version + " methods=" + java.util.Arrays.toString(offered) + " v" + v2 + " cmd=" + command
                + " atyp=" + atyp + " " + host + ":" + port);
        if (refuse) {
            out.write(new byte[] {5, 2, 0, 1, 0, 0, 0, 0, 0, 0});
            return -1;
        }
        out.write(new byte[] {5, 0, 0, 1, 127, 0, 0, 1, 0, 0});
        out.flush();
        return port;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
