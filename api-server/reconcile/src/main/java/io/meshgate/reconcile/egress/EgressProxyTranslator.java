package io.meshgate.reconcile.egress;

import io.meshgate.config.ProxyConfig;
import io.meshgate.egress.translator.EgressGatewayIdentity;
import io.meshgate.egress.translator.EgressGatewayInputs;
import io.meshgate.egress.translator.EgressGatewayPolicies;
import io.meshgate.egress.translator.EgressGatewayTranslation;
import io.meshgate.egress.translator.EgressGatewayTranslator;
import io.meshgate.egress.translator.GatewayCertificate;
import io.meshgate.reconcile.ProxyIdentity;
import io.meshgate.reconcile.ResourceSnapshot;
import io.meshgate.reconcile.Translation;
import io.meshgate.reconcile.Translator;
import io.meshgate.reconcile.sidecar.WorkloadCertificates;
import io.meshgate.resources.Resource;
import io.meshgate.sidecar.translator.WorkloadCertificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The {@link Translator} of proxies of kind {@value EgressGatewayIdentity#PROXY_KIND}: reads the kinds
 * {@link EgressGatewayTranslator} needs from the snapshot and the gateway's certificate from
 * {@link WorkloadCertificates} (ServiceAccount {@value EgressGatewayIdentity#SERVICE_ACCOUNT} of
 * {@value EgressGatewayIdentity#NAMESPACE}: the same issuer, lifetime and rotation as a workload's), then
 * runs the pure translator. Every egress proxy is the one gateway of the mesh, whatever its name: replicas
 * get the same config. While no EgressGateway policy is in force the gateway gets the empty config and no
 * certificate is issued for it.
 *
 * <p>Deterministic across passes: the same snapshot gives the same config as long as the certificates'
 * {@linkplain WorkloadCertificates#revision() revision} stays the same.
 */
public final class EgressProxyTranslator implements Translator {
    private final WorkloadCertificates certificates;
    private final String listenAddress;

    /** Gateways listen on {@value EgressGatewayTranslator#BIND}: sidecars reach them from other hosts. */
    public EgressProxyTranslator(WorkloadCertificates certificates) {
        this(certificates, EgressGatewayTranslator.BIND);
    }

    /**
     * Gateways listen on {@code listenAddress}: the address of the standalone stack whose embedded gateway
     * this control plane serves (every egress proxy is the one gateway, so a second one follows it too).
     */
    public EgressProxyTranslator(WorkloadCertificates certificates, String listenAddress) {
        this.certificates = Objects.requireNonNull(certificates, "certificates");
        this.listenAddress = Objects.requireNonNull(listenAddress, "listenAddress");
    }

    @Override
    public Translation translate(ResourceSnapshot snapshot, ProxyIdentity proxy) {
        EgressGatewayInputs inputs = inputs(snapshot);
        if (EgressGatewayPolicies.plan(inputs).isEmpty()) {
            return Translation.of(ProxyConfig.empty());
        }
        WorkloadCertificate issued = certificates.issue(EgressGatewayIdentity.NAMESPACE,
                EgressGatewayIdentity.SERVICE_ACCOUNT);
        EgressGatewayTranslation translation = EgressGatewayTranslator.translate(inputs,
                new GatewayCertificate(issued.certificateChainPem(), issued.privateKey(), issued.caPem()), listenAddress);
        return new Translation(translation.config(), translation.statuses());
    }

    @Override
    public long externalRevision() {
        return certificates.revision();
    }

    /** The kinds the egress gateway's translator reads, out of a snapshot. */
    static EgressGatewayInputs inputs(ResourceSnapshot snapshot) {
        List<Resource> resources = new ArrayList<>();
        for (String kind : EgressGatewayInputs.KINDS) {
            resources.addAll(snapshot.list(kind));
        }
        return EgressGatewayInputs.from(resources);
    }

    @Override
    public String toString() {
        return "egress gateway translator";
    }
}
