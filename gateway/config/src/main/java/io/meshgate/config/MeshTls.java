package io.meshgate.config;

/**
 * The workload's mesh identity on an inbound {@link MeshListener}: its certificate chain and key
 * (issued by the mesh CA for {@code <serviceaccount>.<namespace>.cluster.local}) and the CA that
 * peers' client certificates must chain to.
 */
public record MeshTls(String certificateChainPem, PrivateKeyPem privateKey, String trustedCaPem) {
    public MeshTls {
        Checks.name(certificateChainPem, "meshTls.certificateChainPem");
        if (privateKey == null) {
            throw new IllegalArgumentException("meshTls.privateKey is required");
        }
        Checks.name(trustedCaPem, "meshTls.trustedCaPem");
    }
}
