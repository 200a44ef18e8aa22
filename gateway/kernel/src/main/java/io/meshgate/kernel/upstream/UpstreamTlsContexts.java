package io.meshgate.kernel.upstream;

import io.meshgate.config.pem.Pem;

import io.meshgate.config.Cluster.UpstreamProtocol;
import io.meshgate.config.PrivateKeyPem;
import io.meshgate.config.UpstreamTls;
import io.meshgate.kernel.tls.SharedSslContexts;
import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig.Protocol;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.NetUtil;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;

/**
 * Builds the client {@link SslContext} of an upstream cluster: TLS 1.2/1.3, BoringSSL when it
 * loads (JDK otherwise), chain verification unless {@code verify=false}, host-name verification
 * unless {@code verifyHostName=false} (chain only), optional client certificate for upstream mTLS,
 * SNI, and ALPN {@code h2} or {@code http/1.1} by protocol.
 *
 * <p>Which name is sent as SNI and verified is decided per connection by {@link #peerHost}:
 * the configured server name, else the endpoint address. The engine takes that name per connection
 * (Netty sends it as SNI when it is a host name, and "HTTPS" endpoint identification checks the
 * certificate against it), so the context itself does not depend on the server name: clusters whose
 * TLS settings differ only there share one context ({@link SharedSslContexts}; a sidecar's mTLS
 * clusters all carry the same client certificate, key and mesh CA).
 */
public final class UpstreamTlsContexts {
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    private static final SharedSslContexts<ContextKey> SHARED = new SharedSslContexts<>();

    /** What a client context is built from: everything of {@link UpstreamTls} but the server name. */
    private record ContextKey(SslProvider provider, UpstreamProtocol protocol, boolean verify, boolean verifyHostName,
                              String trustedCaPem, String clientCertificatePem, PrivateKeyPem clientKey) {
        static ContextKey of(UpstreamTls tls, UpstreamProtocol protocol, SslProvider provider) {
            return new ContextKey(provider, protocol, tls.verify(), tls.verifyHostName(), tls.trustedCaPem(),
                    tls.clientCertificatePem(), tls.clientKey());
        }

        @Override
        public String toString() {
            // the PEMs stay out of any message (the key's own toString redacts; the rest is only long)
            return "ContextKey[" + provider + ", " + protocol + ", verify=" + verify + "/" + verifyHostName + "]";
        }
    }

    private UpstreamTlsContexts() {}

    /** BoringSSL when netty-tcnative loads on this machine, the JDK provider otherwise. */
    public static SslProvider defaultProvider() {
        return OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
    }

    /**
     * @throws IllegalArgumentException with the cluster name and the bad setting when a PEM cannot
     *                                  be read, the client key does not match its certificate, or
     *                                  the server name is not a valid host name
     */
    public static SslContext build(String clusterName, UpstreamTls tls, UpstreamProtocol protocol) {
        return build(clusterName, tls, protocol, defaultProvider());
    }

    static SslContext build(String clusterName, UpstreamTls tls, UpstreamProtocol protocol, SslProvider provider) {
        String prefix = "cluster '" + clusterName + "': upstream TLS ";
        String serverName = tls.serverName();
        if (serverName != null && !isIpLiteral(serverName)) {
            try {
                new SNIHostName(serverName);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(prefix + "server name '" + serverName + "' is not a valid host name", e);
            }
        }
        return SHARED.get(ContextKey.of(tls, protocol, provider), () -> newContext(prefix, tls, protocol, provider));
    }

    private static SslContext newContext(String prefix, UpstreamTls tls, UpstreamProtocol protocol, SslProvider provider) {
        SslContextBuilder builder = SslContextBuilder.forClient()
                .sslProvider(provider)
                .protocols(PROTOCOLS)
                .applicationProtocolConfig(alpn(protocol));
        if (protocol == UpstreamProtocol.HTTP2) {
            // RFC 9113 section 9.2.2 forbids the old CBC suites on h2 connections
            builder.ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE);
        }
        if (tls.verify()) {
            if (tls.trustedCaPem() != null) {
                builder.trustManager(pem(() -> Pem.certificates(tls.trustedCaPem()), prefix + "trusted CA bundle"));
            }
            // with "HTTPS" Netty sets the engine's endpoint identification, so the JDK trust manager
            // checks the certificate's SAN (its CN when it has no DNS SAN) against the SNI name, or
            // the peer host when no SNI is sent; null checks the chain only (Netty 4.2 defaults to "HTTPS")
            builder.endpointIdentificationAlgorithm(tls.verifyHostName() ? "HTTPS" : null);
        } else {
            builder.trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null);
        }
        if (tls.clientCertificatePem() != null) {
            List<X509Certificate> chain = pem(() -> Pem.certificates(tls.clientCertificatePem()), prefix + "client certificate");
            PrivateKey key = pem(() -> Pem.privateKey(tls.clientKey().pem()), prefix + "client key");
            requireMatchingKey(chain.get(0), key, prefix);
            builder.keyManager(key, chain);
        }
        try {
            return builder.build();
        } catch (SSLException | RuntimeException e) {
            throw new IllegalArgumentException(prefix + "settings are unusable: " + e.getMessage(), e);
        }
    }

    /** Runs one PEM read (shared with downstream TLS: {@link Pem}) and names the setting on failure. */
    private static <T> T pem(java.util.function.Supplier<T> read, String what) {
        try {
            return read.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
        }
    }

    /**
     * The host name an upstream connection presents as SNI and verifies the certificate against:
     * the configured server name, else an original destination's name (the HTTP request's host),
     * else the endpoint address (an IP is then matched to IP SANs and no SNI is sent, as RFC 6066
     * forbids IP literals there).
     */
    public static String peerHost(UpstreamTls tls, EndpointState endpoint) {
        if (tls != null && tls.serverName() != null) {
            return tls.serverName();
        }
        if (endpoint.serverName() != null) {
            return endpoint.serverName();
        }
        String address = endpoint.endpoint().address();
        // "[::1]" is how IPv6 endpoints are often written; certificates hold the bare address
        return address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
    }

    private static boolean isIpLiteral(String host) {
        return NetUtil.isValidIpV4Address(host) || NetUtil.isValidIpV6Address(host);
    }

    private static ApplicationProtocolConfig alpn(UpstreamProtocol protocol) {
        String name = protocol == UpstreamProtocol.HTTP2 ? ApplicationProtocolNames.HTTP_2 : ApplicationProtocolNames.HTTP_1_1;
        // the handshake itself tolerates a server without ALPN; the connector then rejects a
        // non-h2 result for HTTP/2 clusters with a clear message
        return new ApplicationProtocolConfig(Protocol.ALPN, SelectorFailureBehavior.NO_ADVERTISE,
                SelectedListenerFailureBehavior.ACCEPT, name);
    }

    /** Signs a probe with the key and checks it with the certificate: a mismatch fails at config time, not at every handshake. */
    private static void requireMatchingKey(X509Certificate certificate, PrivateKey key, String prefix) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "Ed448", "EdDSA" -> key.getAlgorithm();
            default -> null;
        };
        if (algorithm == null) {
            return;
        }
        byte[] probe = "meshgate key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        boolean matches;
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            matches = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            matches = false;
        }
        if (!matches) {
            throw new IllegalArgumentException(prefix + "client key does not match the client certificate ("
                    + certificate.getSubjectX500Principal().getName() + ")");
        }
    }
}
