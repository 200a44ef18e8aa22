package io.meshgate.kernel.tls;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import java.util.List;

/**
 * The one place that fixes what TLS the proxy speaks to clients, so no listener can drift into a
 * weaker setting (RFC 8996): TLS 1.3 and TLS 1.2 only; TLS 1.3 AEAD suites;
 * TLS 1.2 only forward-secret ECDHE with AES-GCM or ChaCha20-Poly1305 (no CBC, RC4, 3DES, static RSA).
 *
 * <p>The provider is BoringSSL (netty-tcnative, faster and with a smaller memory footprint per
 * connection) when its native library loads, the JDK's SSLEngine otherwise. Starting the JVM with
 * {@code -Dmeshgate.tls.provider=jdk} forces the JDK (to compare, or to work around a native issue).
 */
public final class TlsPolicy {

    /** Protocol versions offered, newest first. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /**
     * Cipher suites in server preference order (JSSE names; Netty maps them for OpenSSL). Suites a
     * provider lacks are skipped by Netty's supported-suite filter.
     */
    public static final List<String> CIPHERS = List.of(
            // TLS 1.3: all AEAD by definition
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            // TLS 1.2: ECDHE key exchange only, AEAD only
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private static final SslProvider PROVIDER = chooseProvider();

    private TlsPolicy() {}

    /** OPENSSL (BoringSSL) when available and not overridden by {@code -Dmeshgate.tls.provider=jdk}, else JDK. */
    public static SslProvider provider() {
        return PROVIDER;
    }

    /** A short label for logs and the admin endpoint, e.g. {@code openssl (BoringSSL)} or {@code jdk}. */
    public static String providerName() {
        return providerName(PROVIDER);
    }

    /** The label of a given provider. */
    public static String providerName(SslProvider provider) {
        return provider == SslProvider.JDK ? "jdk" : "openssl (" + OpenSsl.versionString() + ")";
    }

    /** True when the native provider can be used (tests run both providers when it is). */
    public static boolean openSslAvailable() {
        return OpenSsl.isAvailable();
    }

    private static SslProvider chooseProvider() {
        if ("jdk".equalsIgnoreCase(System.getProperty("meshgate.tls.provider"))) {
            return SslProvider.JDK;
        }
        return OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
    }
}
