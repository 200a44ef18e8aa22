package io.meshgate.kernel.tls;

import io.meshgate.config.pem.Pem;
import io.meshgate.config.ClientValidation;
import io.meshgate.config.DownstreamTls;
import io.meshgate.config.ServerCertificate;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig.Protocol;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server-side TLS contexts of one listener, one per {@link ServerCertificate}, and the SNI
 * lookup that picks among them: an exact server name, then a {@code *.suffix} wildcard covering one
 * label, then the default certificate. Each context carries that certificate's client-certificate
 * policy, so mTLS is decided per SNI host.
 *
 * <p>Building parses keys and certificates: call {@link #build} when a config is applied, never on an
 * event loop. A built instance is immutable and shared by all connections of the listener.
 */
public final class ServerTlsContexts {
    private static final byte[] KEY_PROBE = "meshgate key/certificate match probe".getBytes(StandardCharsets.US_ASCII);

    private final ServerNameMap<Entry> byName;
    private final Entry defaultEntry;
    private final SslProvider provider;

    /** A certificate and the context built from it; identity matters for {@link #misdirected}. */
    private record Entry(ServerCertificate certificate, SslContext context) {}

    private ServerTlsContexts(ServerNameMap<Entry> byName, Entry defaultEntry, SslProvider provider) {
        this.byName = byName;
        this.defaultEntry = defaultEntry;
        this.provider = provider;
    }

    /** Builds with {@link TlsPolicy#provider()}. */
    public static ServerTlsContexts build(DownstreamTls tls, boolean offerH2) {
        return build(tls, offerH2, TlsPolicy.provider());
    }

    /**
     * Builds one context per certificate.
     *
     * @param offerH2 offer ALPN {@code h2} before {@code http/1.1}; otherwise only {@code http/1.1}
     * @throws IllegalArgumentException when a PEM is unreadable, a key does not match its
     *                                  certificate, a server name is malformed or appears twice; the
     *                                  message names the certificate's server names
     */
    public static ServerTlsContexts build(DownstreamTls tls, boolean offerH2, SslProvider provider) {
        // equal records share one entry, so the default certificate listed among the others is one entry
        Map<ServerCertificate, Entry> entries = new LinkedHashMap<>();
        for (ServerCertificate cert : tls.certificates()) {
            entries.computeIfAbsent(cert, c -> new Entry(c, newContext(c, offerH2, provider)));
        }
        ServerCertificate defaultCert = tls.effectiveDefault();
        Entry defaultEntry = entries.computeIfAbsent(defaultCert, c -> new Entry(c, newContext(c, offerH2, provider)));

        ServerNameMap.Builder<Entry> names = ServerNameMap.builder();
        for (Entry entry : entries.values()) {
            for (String name : entry.certificate().serverNames()) {
                try {
                    names.put(name, entry);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(describe(entry.certificate()) + ": " + e.getMessage(), e);
                }
            }
        }
        return new ServerTlsContexts(names.build(), defaultEntry, provider);
    }

    /** The context for an SNI value (any case, trailing dot allowed); the default for null, empty or unknown names. */
    public SslContext contextFor(String sni) {
        return entryFor(ServerNames.normalize(sni)).context();
    }

    /** The certificate a Host (or SNI) value selects, with the same lookup as {@link #contextFor}; a port is ignored. */
    public ServerCertificate certificateFor(String host) {
        return entryFor(ServerNames.normalizeHost(host)).certificate();
    }

    /**
     * True when a request for {@code host} must not be served on a connection whose handshake used
     * {@code sni}: the host's certificate demands client certificates, and the handshake selected a
     * different certificate entry, so that policy was never applied. The proxy answers 421
     * Misdirected Request, as nginx does; otherwise a client could handshake as an open host and ask
     * for an mTLS-protected one.
     */
    public boolean misdirected(String sni, String host) {
        Entry forHost = entryFor(ServerNames.normalizeHost(host));
        if (forHost.certificate().clientValidation() == null) {
            return false;
        }
        return forHost != entryFor(ServerNames.normalize(sni));
    }

    /** The provider the contexts were built with. */
    public SslProvider provider() {
        return provider;
    }

    private Entry entryFor(String normalizedName) {
        Entry entry = byName.lookup(normalizedName);
        return entry != null ? entry : defaultEntry;
    }

    private static SslContext newContext(ServerCertificate cert, boolean offerH2, SslProvider provider) {
        try {
            List<X509Certificate> chain = Pem.certificates(cert.certificateChainPem());
            PrivateKey key = Pem.privateKey(cert.privateKey().pem());
            requireMatchingKey(key, chain.getFirst());
            SslContextBuilder builder = SslContextBuilder.forServer(key, chain)
                    .sslProvider(provider)
                    .protocols(TlsPolicy.PROTOCOLS)
                    .ciphers(TlsPolicy.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                    .applicationProtocolConfig(alpn(offerH2));
            ClientValidation validation = cert.clientValidation();
            if (validation != null) {
                List<X509Certificate> cas = Pem.certificates(validation.trustedCaPem());
                builder.trustManager(new ClientChainTrustManager(cas, validation.maxDepth()))
                        .clientAuth(validation.required() ? ClientAuth.REQUIRE : ClientAuth.OPTIONAL);
            }
            return builder.build();
        } catch (IllegalArgumentException | javax.net.ssl.SSLException e) {
            throw new IllegalArgumentException(describe(cert) + ": " + e.getMessage(), e);
        }
    }

    private static ApplicationProtocolConfig alpn(boolean offerH2) {
        List<String> protocols = offerH2
                ? List.of(ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1)
                : List.of(ApplicationProtocolNames.HTTP_1_1);
        // NO_ADVERTISE/ACCEPT: a client offering nothing we speak still gets HTTP/1.1 (the only modes OpenSSL supports)
        return new ApplicationProtocolConfig(Protocol.ALPN, SelectorFailureBehavior.NO_ADVERTISE,
                SelectedListenerFailureBehavior.ACCEPT, protocols);
    }

    /**
     * Signs a probe with the key and verifies it with the certificate, so a key that does not belong
     * to its certificate fails when the config is applied instead of in every handshake.
     */
    public static void requireMatchingKey(PrivateKey key, X509Certificate leaf) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "EdDSA", "Ed25519", "Ed448" -> key.getAlgorithm();
            default -> null; // e.g. RSASSA-PSS: parameters vary; the handshake will tell
        };
        if (algorithm == null) {
            return;
        }
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(KEY_PROBE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(leaf.getPublicKey());
            verifier.update(KEY_PROBE);
            if (!verifier.verify(signature)) {
                throw new IllegalArgumentException("private key does not match the certificate");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("private key does not match the certificate (" + e.getMessage() + ")", e);
        }
    }

    private static String describe(ServerCertificate cert) {
        return "TLS certificate for " + cert.serverNames();
    }
}
