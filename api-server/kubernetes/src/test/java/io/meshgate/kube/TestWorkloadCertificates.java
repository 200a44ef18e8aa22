package io.meshgate.kube;

import io.meshgate.config.PrivateKeyPem;
import io.meshgate.reconcile.sidecar.WorkloadCertificates;
import io.meshgate.sidecar.translator.MeshIdentities;
import io.meshgate.sidecar.translator.WorkloadCertificate;

/** PEM-armoured text naming the identity: the reconciler copies certificates without reading them. */
final class TestWorkloadCertificates implements WorkloadCertificates {
    static final String CA = "-----BEGIN CERTIFICATE-----\ntest mesh CA\n-----END CERTIFICATE-----\n";

    @Override
    public WorkloadCertificate issue(String namespace, String serviceAccount) {
        String identity = MeshIdentities.principal(namespace, serviceAccount);
        return new WorkloadCertificate("-----BEGIN CERTIFICATE-----\n" + identity + "\n-----END CERTIFICATE-----\n",
                PrivateKeyPem.of("-----BEGIN PRIVATE KEY-----\nkey of " + identity + "\n-----END PRIVATE KEY-----\n"), CA);
    }

    @Override
    public long revision() {
        return 0;
    }
}
