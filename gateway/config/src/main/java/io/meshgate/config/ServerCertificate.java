package io.meshgate.config;

import java.util.List;
import java.util.Locale;

/**
 * A certificate chain and its key for some server names, plus optional client-certificate checks
 * that apply to connections whose SNI selected this certificate.
 */
public record ServerCertificate(List<String> serverNames, String certificateChainPem, PrivateKeyPem privateKey,
                                ClientValidation clientValidation) {
    public ServerCertificate {
        serverNames = Checks.list(serverNames).stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
        Checks.name(certificateChainPem, "certificateChainPem");
        if (privateKey == null) {
            throw new IllegalArgumentException("privateKey is required");
        }
    }
}
