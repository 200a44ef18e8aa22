package io.meshgate.kernel.tls;

import io.netty.pkitesting.X509Bundle;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A blocking JDK TLS client: handshakes with an SNI (or none), optionally presents a client
 * certificate, then reads the one line the server's test HTTP stand-in writes. A refused client
 * certificate shows as an IOException (TLS 1.3 reports it after the client's handshake finished).
 */
final class TlsTestClient {
    private final KeyManager[] keyManagers;
    private final FixedKeyManager keyManager;
    private final javax.net.ssl.TrustManager[] trustManagers;
    private List<String> alpn = List.of();
    private String[] protocols = {"TLSv1.3", "TLSv1.2"};
    private String[] ciphers;

    /** Trusts the given CAs; presents {@code clientCert} when not null. */
    TlsTestClient(X509Bundle clientCert, X509Bundle... trusted) {
        try {
            javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance("PKIX");
            java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            for (int i = 0; i < trusted.length; i++) {
                ks.setCertificateEntry("ca" + i, trusted[i].getRootCertificate());
            }
            tmf.init(ks);
            trustManagers = tmf.getTrustManagers();
            keyManager = clientCert == null ? null : new FixedKeyManager(clientCert);
            keyManagers = clientCert == null ? null : new KeyManager[] {keyManager};
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The CA names servers asked client certificates to chain to (empty without a client certificate). */
    List<java.security.Principal> issuersAskedFor() {
        return keyManager == null ? List.of() : keyManager.issuersAskedFor();
    }

    TlsTestClient alpn(String... protocols) {
        this.alpn = List.of(protocols);
        return this;
    }

    TlsTestClient protocols(String... protocols) {
        this.protocols = protocols;
        return this;
    }

    TlsTestClient ciphers(String... ciphers) {
        this.ciphers = ciphers;
        return this;
    }

    /** What the client saw. */
    record Exchange(String line, X509Certificate serverLeaf, String alpn, String protocol) {
        String serverCn() {
            return serverLeaf.getSubjectX500Principal().getName();
        }
    }

    /**
     * Connects, handshakes with {@code sni} (null: no SNI), reads one line. Every exchange uses a
     * fresh SSLContext: the JDK client would otherwise resume the previous session to the same port
     * and silently send that session's SNI instead of the one asked for.
     */
    Exchange exchange(int port, String sni) throws IOException {
        SSLContext context;
        try {
            context = SSLContext.getInstance("TLS");
            context.init(keyManagers, trustManagers, null);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(30_000);
            SSLParameters params = socket.getSSLParameters();
            params.setServerNames(sni == null ? List.of() : List.of(new SNIHostName(sni)));
            params.setProtocols(protocols);
            if (ciphers != null) {
                params.setCipherSuites(ciphers);
            }
            if (!alpn.isEmpty()) {
                params.setApplicationProtocols(alpn.toArray(String[]::new));
            }
            socket.setSSLParameters(params);
            socket.startHandshake();
            BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            String line = reader.readLine();
            if (line == null) {
                throw new EOFException("server closed the connection without answering");
            }
            return new Exchange(line, (X509Certificate) socket.getSession().getPeerCertificates()[0],
                    socket.getApplicationProtocol(), socket.getSession().getProtocol());
        }
    }
}
