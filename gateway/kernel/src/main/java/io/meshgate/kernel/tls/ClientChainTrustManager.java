package io.meshgate.kernel.tls;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.cert.CertPath;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CertificateException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Verifies client certificates for one SNI host (FSM's {@code tls-verify-client}). A chain is
 * accepted only when PKIX builds a path from the leaf to one of the trusted CAs through at most
 * {@code maxDepth} intermediate CAs (OpenSSL/nginx depth: 1 = leaf plus one intermediate), every
 * certificate is within its validity dates, the leaf is not a CA, and the leaf may be used for client
 * authentication (extended key usage {@code clientAuth} or none; key usage {@code digitalSignature}
 * or none). A leaf that is itself one of the trusted certificates (a pinned self-signed certificate)
 * is accepted within its dates and usage, CA or not. Revocation is not checked (no CRL/OCSP
 * configuration exists).
 *
 * <p>It is used with both the JDK and the OpenSSL provider: Netty calls it from the handshake. The CA
 * names sent in the CertificateRequest are {@link #getAcceptedIssuers()}, the trusted CAs. It never
 * verifies servers.
 */
public final class ClientChainTrustManager extends X509ExtendedTrustManager {
    private static final String CLIENT_AUTH_EKU = "1.3.6.1.5.5.7.3.2";
    private static final String ANY_EKU = "2.5.29.37.0";
    private static final int DIGITAL_SIGNATURE = 0;

    private final Set<TrustAnchor> anchors;
    private final X509Certificate[] trusted;
    private final int maxDepth;

    /**
     * @param trustedCas the CAs a client chain must lead to; each is a trust anchor
     * @param maxDepth   the number of intermediate CAs allowed between the leaf and a trusted CA
     */
    public ClientChainTrustManager(List<X509Certificate> trustedCas, int maxDepth) {
        if (trustedCas.isEmpty()) {
            throw new IllegalArgumentException("at least one trusted CA is required");
        }
        if (maxDepth < 0) {
            throw new IllegalArgumentException("maxDepth must be >= 0");
        }
        Set<TrustAnchor> set = new HashSet<>();
        for (X509Certificate ca : trustedCas) {
            set.add(new TrustAnchor(ca, null));
        }
        this.anchors = Set.copyOf(set);
        this.trusted = trustedCas.toArray(X509Certificate[]::new);
        this.maxDepth = maxDepth;
    }

    /** The verification itself; the provider-facing overloads all delegate here. */
    void verify(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("no client certificate");
        }
        X509Certificate leaf = chain[0];
        if (isTrustedItself(leaf)) {
            // pinned: the trusted list holds this very certificate, as in examples/ingress-tls, whose client
            // certificate is self-signed by `openssl req -x509` (which marks it CA:TRUE) and is its
            // own trusted CA. OpenSSL accepts it too; its key gives no more than a CA key would.
            leaf.checkValidity();
            checkUsage(leaf);
            return;
        }
        if (leaf.getBasicConstraints() >= 0) {
            throw new CertificateException("client certificate is a CA certificate");
        }
        checkUsage(leaf);
        CertPath path = buildPath(leaf, chain);
        // the built path excludes the anchor: leaf plus intermediates. PKIX's maxPathLength does not
        // count self-issued intermediates, so count them all here as OpenSSL does.
        int intermediates = path.getCertificates().size() - 1;
        if (intermediates > maxDepth) {
            throw new CertificateException("client certificate chain has " + intermediates
                    + " intermediate CAs, more than the allowed depth " + maxDepth);
        }
    }

    private boolean isTrustedItself(X509Certificate leaf) {
        for (X509Certificate ca : trusted) {
            if (ca.equals(leaf)) {
                return true;
            }
        }
        return false;
    }

    private CertPath buildPath(X509Certificate leaf, X509Certificate[] chain) throws CertificateException {
        try {
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(leaf);
            PKIXBuilderParameters params = new PKIXBuilderParameters(anchors, target);
            params.setRevocationEnabled(false);
            params.setMaxPathLength(maxDepth);
            params.addCertStore(CertStore.getInstance("Collection",
                    new CollectionCertStoreParameters(Arrays.asList(chain))));
            PKIXCertPathBuilderResult result =
                    (PKIXCertPathBuilderResult) CertPathBuilder.getInstance("PKIX").build(params);
            return result.getCertPath();
        } catch (InvalidAlgorithmParameterException e) {
            throw new CertificateException("cannot verify client certificate: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            // no path within the depth, to a trusted CA, with valid dates and signatures
            throw new CertificateException("client certificate not trusted: " + e.getMessage(), e);
        }
    }

    private static void checkUsage(X509Certificate leaf) throws CertificateException {
        List<String> eku = leaf.getExtendedKeyUsage();
        if (eku != null && !eku.contains(CLIENT_AUTH_EKU) && !eku.contains(ANY_EKU)) {
            throw new CertificateException("client certificate is not valid for client authentication (extended key usage)");
        }
        boolean[] keyUsage = leaf.getKeyUsage();
        if (keyUsage != null && !keyUsage[DIGITAL_SIGNATURE]) {
            throw new CertificateException("client certificate key usage lacks digitalSignature");
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        verify(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        verify(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        verify(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("this trust manager verifies client certificates only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("this trust manager verifies client certificates only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("this trust manager verifies client certificates only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return trusted.clone();
    }
}
