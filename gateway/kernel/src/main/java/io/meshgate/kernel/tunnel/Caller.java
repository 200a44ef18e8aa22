package io.meshgate.kernel.tunnel;

import io.meshgate.kernel.tls.PeerIdentity;
import io.meshgate.kernel.tls.TlsAttributes;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.Set;

/**
 * Who asks for a tunnel: the socket address it connected from and, when it presented a certificate the
 * mesh CA verified, the principals in it (its DNS SANs, {@code <sa>.<ns>.cluster.local}, read the way
 * the mesh listeners read them: {@link PeerIdentity}).
 *
 * @param address    the caller's socket address; null only on test channels without one
 * @param verified   true when a client certificate was presented and verified
 * @param principals the verified certificate's principals, lower case; empty without one
 */
record Caller(InetSocketAddress address, boolean verified, Set<String> principals) {

    Caller {
        principals = Set.copyOf(principals);
    }

    /** A caller without a certificate (a plaintext listener). */
    static Caller anonymous(InetSocketAddress address) {
        return new Caller(address, false, Set.of());
    }

    /** The caller of {@code ch} from its remote address and the TLS facts recorded on it, if any. */
    static Caller of(Channel ch) {
        InetSocketAddress address = ch.remoteAddress() instanceof InetSocketAddress a ? a : null;
        X509Certificate leaf = ch.attr(TlsAttributes.CLIENT_CERTIFICATE).get();
        if (leaf == null || !Boolean.TRUE.equals(ch.attr(TlsAttributes.PEER_VERIFIED).get())) {
            return anonymous(address);
        }
        return new Caller(address, true, PeerIdentity.principals(leaf));
    }

    /** The principals as the access log shows them, comma separated; null for an anonymous caller. */
    String principalText() {
        return verified ? String.join(",", new java.util.TreeSet<>(principals)) : null;
    }
}
