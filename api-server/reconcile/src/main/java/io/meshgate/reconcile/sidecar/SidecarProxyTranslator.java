package io.meshgate.reconcile.sidecar;

import io.meshgate.config.ProxyConfig;
import io.meshgate.reconcile.ProxyIdentity;
import io.meshgate.reconcile.ResourceSnapshot;
import io.meshgate.reconcile.Translation;
import io.meshgate.reconcile.Translator;
import io.meshgate.resources.Resource;
import io.meshgate.resources.ResourceKey;
import io.meshgate.sidecar.translator.SidecarInputs;
import io.meshgate.sidecar.translator.SidecarTranslation;
import io.meshgate.sidecar.translator.SidecarTranslator;
import io.meshgate.sidecar.translator.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@link Translator} of proxies of kind {@value Workload#PROXY_KIND}: reads the workload from the
 * proxy's name ({@code sidecar.<namespace>.<pod>}), the kinds {@link SidecarTranslator} needs from the
 * snapshot, and the workload's certificate from {@link WorkloadCertificates}, then runs the pure
 * translator. A proxy whose Pod does not exist yet (or has ended), or whose name is not a sidecar
 * name, gets the empty config and reports nothing: the sidecar waits for its Pod.
 *
 * <p>Deterministic across passes: the same snapshot gives the same config as long as the
 * certificates' {@linkplain WorkloadCertificates#revision() revision} stays the same.
 */
public final class SidecarProxyTranslator implements Translator {
    private final WorkloadCertificates certificates;

    public SidecarProxyTranslator(WorkloadCertificates certificates) {
        this.certificates = Objects.requireNonNull(certificates, "certificates");
    }

    @Override
    public Translation translate(ResourceSnapshot snapshot, ProxyIdentity proxy) {
        Optional<Workload> workload = Workload.fromProxyName(proxy.name());
        if (workload.isEmpty()) {
            return Translation.of(ProxyConfig.empty());
        }
        SidecarInputs inputs = inputs(snapshot);
        Optional<String> serviceAccount = SidecarTranslator.serviceAccount(inputs, workload.get());
        if (serviceAccount.isEmpty()) {
            return Translation.of(ProxyConfig.empty());
        }
        SidecarTranslation translation = SidecarTranslator.translate(inputs, workload.get(),
                certificates.issue(workload.get().namespace(), serviceAccount.get()));
        return new Translation(translation.config(), translation.statuses());
    }

    @Override
    public long externalRevision() {
        return certificates.revision();
    }

    /**
     * The kinds the sidecar translator reads, out of a snapshot, and of the Secrets only those the
     * Egress policies name as client certificates ({@code sources[].mtls.cert.secret}): no other
     * key material reaches a sidecar's translation. A named Secret that does not exist is left out;
     * the translator reports it on the policy.
     */
    static SidecarInputs inputs(ResourceSnapshot snapshot) {
        List<Resource> resources = new ArrayList<>();
        for (String kind : SidecarInputs.KINDS) {
            resources.addAll(snapshot.list(kind));
        }
        for (ResourceKey secret : SidecarInputs.egressSecrets(snapshot.list("Egress"))) {
            snapshot.get(secret).ifPresent(resources::add);
        }
        return SidecarInputs.from(resources);
    }

    @Override
    public String toString() {
        return "sidecar translator";
    }
}
