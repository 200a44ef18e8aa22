package io.meshgate.kernel.tls;

import io.netty.util.AttributeKey;
import java.security.cert.X509Certificate;

/**
 * What the TLS layer learned about a downstream connection, as channel attributes. Set by
 * {@link TlsDispatchHandler} once the handshake succeeded and before the HTTP pipeline is installed,
 * so HTTP code can rely on them (e.g. {@link ServerTlsContexts#misdirected} with {@link #SNI}).
 */
public final class TlsAttributes {
    /**
     * The SNI the certificate was selected with: lowercased, without a trailing dot; null when the
     * client sent none. On a passthrough connection, the SNI it was relayed for.
     */
    public static final AttributeKey<String> SNI = AttributeKey.valueOf("meshgate.tls.sni");

    /** The client's leaf certificate after successful verification; null when none was sent. */
    public static final AttributeKey<X509Certificate> CLIENT_CERTIFICATE =
            AttributeKey.valueOf("meshgate.tls.clientCertificate");

    /** True when the client presented a certificate and it was verified against the host's trusted CAs. */
    public static final AttributeKey<Boolean> PEER_VERIFIED = AttributeKey.valueOf("meshgate.tls.peerVerified");

    private TlsAttributes() {}
}
