package io.meshgate.config;

/**
 * TLS towards an upstream cluster (FSM's {@code upstream-ssl-*} annotations).
 *
 * @param serverName        SNI to send and the name to verify (null: the endpoint address)
 * @param verify            verify the chain against {@code trustedCaPem}
 * @param verifyHostName    when verifying, also check that the certificate names the peer host
 *                          ({@code serverName}, else the endpoint address); false checks the chain
 *                          only, for upstreams whose name is unknown (an Ingress rule without a host).
 *                          Always false when {@code verify} is false.
 * @param trustedCaPem      CA bundle for verification (null: the JDK's trust store)
 * @param clientCertificatePem optional client chain for upstream mTLS
 * @param clientKey         key of {@code clientCertificatePem}
 */
public record UpstreamTls(String serverName, boolean verify, boolean verifyHostName, String trustedCaPem,
                          String clientCertificatePem, PrivateKeyPem clientKey) {
    public UpstreamTls {
        if ((clientCertificatePem == null) != (clientKey == null)) {
            throw new IllegalArgumentException("upstream client certificate and key come together");
        }
        // one spelling per behaviour: without verification no name is checked either
        verifyHostName = verify && verifyHostName;
    }

    /** Verification, when on, covers the chain and the host name. */
    public UpstreamTls(String serverName, boolean verify, String trustedCaPem, String clientCertificatePem,
                       PrivateKeyPem clientKey) {
        this(serverName, verify, verify, trustedCaPem, clientCertificatePem, clientKey);
    }
}
