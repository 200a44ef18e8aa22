package io.meshgate.config;

/**
 * TLS towards an upstream cluster (FSM's {@code upstream-ssl-*} annotations).
 *
 * @param serverName        SNI to send and the name to verify (null: the endpoint address)
 * @param verify            verify the chain (and the name) against {@code trustedCaPem}
 * @param trustedCaPem      CA bundle for verification (null: the JDK's trust store)
 * @param clientCertificatePem optional client chain for upstream mTLS
 * @param clientKey         key of {@code clientCertificatePem}
 */
public record UpstreamTls(String serverName, boolean verify, String trustedCaPem, String clientCertificatePem,
                          PrivateKeyPem clientKey) {
    public UpstreamTls {
        if ((clientCertificatePem == null) != (clientKey == null)) {
            throw new IllegalArgumentException("upstream client certificate and key come together");
        }
    }
}
