package io.meshgate.reconcile.sidecar;

import io.meshgate.config.PrivateKeyPem;
import io.meshgate.sidecar.translator.MeshIdentities;
import io.meshgate.sidecar.translator.WorkloadCertificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Certificates as PEM-armoured text naming their identity and generation: the reconciler copies them
 * without reading them. {@link #rotate()} makes every identity's next certificate a new one, as a
 * rotation falling due does.
 */
final class RotatingTestCertificates implements WorkloadCertificates {
    static final String CA = "-----BEGIN CERTIFICATE-----\ntest mesh CA\n-----END CERTIFICATE-----\n";

    private final AtomicLong generation = new AtomicLong();
    private final List<String> issued = new ArrayList<>();

    @Override
    public synchronized WorkloadCertificate issue(String namespace, String serviceAccount) {
        String identity = MeshIdentities.principal(namespace, serviceAccount);
        issued.add(identity);
        return new WorkloadCertificate(chain(identity, generation.get()),
                PrivateKeyPem.of("-----BEGIN PRIVATE KEY-----\nkey of " + identity + "\n-----END PRIVATE KEY-----\n"), CA);
    }

    @Override
    public long revision() {
        return generation.get();
    }

    /** The chain {@link #issue} returns for {@code identity} at {@code generation}. */
    static String chain(String identity, long generation) {
        return "-----BEGIN CERTIFICATE-----\n" + identity + " #" + generation + "\n-----END CERTIFICATE-----\n";
    }

    void rotate() {
        generation.incrementAndGet();
    }

    /** The identities asked for, one entry per call. */
    synchronized List<String> issued() {
        return List.copyOf(issued);
    }
}
