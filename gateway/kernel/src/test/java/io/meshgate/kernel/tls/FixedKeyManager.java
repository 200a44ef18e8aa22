package io.meshgate.kernel.tls;

import io.netty.pkitesting.X509Bundle;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A client key manager that always presents its one chain, whatever CAs the server asks for. The
 * JDK's own would stay silent when the server's CA list does not match, and a "wrong CA" test would
 * then only test "no certificate".
 */
final class FixedKeyManager extends X509ExtendedKeyManager {
    private static final String ALIAS = "client";
    private final PrivateKey key;
    private final X509Certificate[] chain;
    private final java.util.List<Principal> issuersAskedFor = new java.util.concurrent.CopyOnWriteArrayList<>();

    FixedKeyManager(X509Bundle bundle) {
        this.key = bundle.getKeyPair().getPrivate();
        this.chain = bundle.getCertificatePath();
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        if (issuers != null) {
            issuersAskedFor.addAll(java.util.Arrays.asList(issuers));
        }
        return ALIAS;
    }

    /** The CA names the servers' CertificateRequests carried. */
    java.util.List<Principal> issuersAskedFor() {
        return issuersAskedFor;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return ALIAS;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return new String[] {ALIAS};
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return new String[0];
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return chain.clone();
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return key;
    }
}
