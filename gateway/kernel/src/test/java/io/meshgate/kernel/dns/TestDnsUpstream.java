package io.meshgate.kernel.dns;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A DNS server on 127.0.0.1 for the tests, on a thread of its own with a plain DatagramSocket: for each
 * query it receives, {@code answer} gives the datagrams to send back (none: it stays silent).
 */
final class TestDnsUpstream implements AutoCloseable {
    private final DatagramSocket socket;
    private final Thread thread;
    final List<byte[]> received = new CopyOnWriteArrayList<>();
    /** The source port of the last query received. */
    volatile int lastSenderPort;

    TestDnsUpstream(Function<byte[], List<byte[]>> answer) throws SocketException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        thread = Thread.ofPlatform().daemon().name("test-dns-upstream-" + socket.getLocalPort()).start(() -> serve(answer));
    }

    /** Answers every A query with {@code ipv4}. */
    static TestDnsUpstream answering(String... ipv4) throws SocketException {
        return new TestDnsUpstream(query -> List.of(answer(query, 0, ipv4)));
    }

    static TestDnsUpstream silent() throws SocketException {
        return new TestDnsUpstream(query -> List.of());
    }

    int port() {
        return socket.getLocalPort();
    }

    String address() {
        return "127.0.0.1:" + port();
    }

    InetSocketAddress socketAddress() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port());
    }

    private void serve(Function<byte[], List<byte[]>> answer) {
        byte[] buffer = new byte[4096];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
                byte[] query = Arrays.copyOf(packet.getData(), packet.getLength());
                lastSenderPort = packet.getPort();
                received.add(query);
                for (byte[] response : answer.apply(query)) {
                    socket.send(new DatagramPacket(response, response.length, packet.getSocketAddress()));
                }
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /**
     * A response to {@code query}, built by hand: its header with QR and RA set and {@code rcode}, its
     * question, and one A record per address (name compressed to the question's).
     */
    static byte[] answer(byte[] query, int rcode, String... ipv4) {
        int questionEnd = 12;
        while (query[questionEnd] != 0) {
            questionEnd += query[questionEnd] + 1;
        }
        questionEnd += 5;
        byte[] out = Arrays.copyOf(query, questionEnd + 16 * ipv4.length);
        out[2] = (byte) (0x80 | (query[2] & 0x01));
        out[3] = (byte) (0x80 | rcode);
        out[6] = 0;
        out[7] = (byte) ipv4.length;
        out[8] = out[9] = out[10] = out[11] = 0;
        int pos = questionEnd;
        for (String address : ipv4) {
            byte[] bytes = DnsWire.addressBytes(address);
            byte[] record = {(byte) 0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, bytes[0], bytes[1], bytes[2], bytes[3]};
            System.arraycopy(record, 0, out, pos, 16);
            pos += 16;
        }
        return out;
    }

    /** {@code response} with its id changed, as an off-path sender guessing wrong would send it. */
    static byte[] withId(byte[] response, int id) {
        byte[] out = response.clone();
        out[0] = (byte) (id >>> 8);
        out[1] = (byte) id;
        return out;
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        thread.join(5_000);
    }
}
