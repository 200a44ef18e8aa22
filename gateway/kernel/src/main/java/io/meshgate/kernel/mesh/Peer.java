package io.meshgate.kernel.mesh;

import io.meshgate.kernel.tls.PeerIdentity;
import io.meshgate.kernel.tls.TlsAttributes;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.Set;

/**
 * Who is on the other end of a mesh connection, as access grants judge it: its source address and,
 * when it presented a certificate the mesh CA verified, the principals in it (DNS SANs,
 * {@code <sa>.<ns>.cluster.local}). Recorded on the connection once it is known (after the TLS
 * handshake, or at accept for plaintext), so every HTTP request on it is judged by the same peer.
 *
 * @param address    the client's IP address; null only on test channels without one
 * @param verified   true when a client certificate was presented and verified
 * @param principals the verified certificate's principals; empty without one
 */
record Peer(InetAddress address, boolean verified, Set<String> principals) {

    /** The connection's peer, set before the rule's handlers are installed. */
    static final AttributeKey<Peer> ATTRIBUTE = AttributeKey.valueOf("meshgate.mesh.peer");

    Peer {
        principals = Set.copyOf(principals);
    }

    /** The peer of {@code ch} from its remote address and the TLS facts recorded on it, if any. */
    static Peer of(Channel ch) {
        InetAddress address = ch.remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
        X509Certificate leaf = ch.attr(TlsAttributes.CLIENT_CERTIFICATE).get();
        if (leaf == null || !Boolean.TRUE.equals(ch.attr(TlsAttributes.PEER_VERIFIED).get())) {
            return new Peer(address, false, Set.of());
        }
        return new Peer(address, true, PeerIdentity.principals(leaf));
    }

    /** The peer recorded on {@code connection}, or one derived from it now. */
    static Peer recorded(Channel connection) {
        Peer peer = connection.attr(ATTRIBUTE).get();
        return peer != null ? peer : of(connection);
    }

    @Override
    public String toString() {
        return (verified ? principals.toString() : "unauthenticated") + "@" + (address == null ? "?" : address.getHostAddress());
    }
}
