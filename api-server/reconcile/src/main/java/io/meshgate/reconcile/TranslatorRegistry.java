package io.meshgate.reconcile;

import io.meshgate.config.ProxyConfig;
import io.meshgate.ingress.IngressSettings;
import io.meshgate.egress.translator.EgressGatewayIdentity;
import io.meshgate.reconcile.egress.EgressProxyTranslator;
import io.meshgate.reconcile.ingress.IngressBackendStatusReporter;
import io.meshgate.reconcile.sidecar.SidecarProxyTranslator;
import io.meshgate.reconcile.sidecar.WorkloadCertificates;
import io.meshgate.sidecar.translator.Workload;
import io.meshgate.reconcile.ingress.IngressProxyTranslator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Which translator builds configs for which proxy kind, and which {@link StatusReporter}s report
 * on resources no proxy depends on. A kind without a translator gets an empty config (version
 * {@code "empty"}): the proxy connects and reports in sync, it just serves nothing yet. Adding a
 * translator is one line in {@link #standard()}.
 */
public final class TranslatorRegistry {
    /** What proxies of a kind without a translator receive. */
    public static final Translator EMPTY = (snapshot, proxy) -> Translation.of(ProxyConfig.empty());

    private final Map<String, Translator> byKind;
    private final List<StatusReporter> reporters;

    private TranslatorRegistry(Map<String, Translator> byKind, List<StatusReporter> reporters) {
        this.byKind = Map.copyOf(byKind);
        this.reporters = List.copyOf(reporters);
    }

    /** No translator and no reporter: every proxy gets the empty config. */
    public static TranslatorRegistry empty() {
        return new TranslatorRegistry(Map.of(), List.of());
    }

    /**
     * The translators of the product, by proxy kind, with the ingress gateway on 127.0.0.1:8000 (HTTP)
     * and :8443 (HTTPS). Sidecars are added by {@link #withSidecars}.
     */
    public static TranslatorRegistry standard() {
        return standard(IngressSettings.of("127.0.0.1", 8000, 8443));
    }

    /** The translators of the product, the ingress gateway listening as {@code ingress} says. */
    public static TranslatorRegistry standard(IngressSettings ingress) {
        return standard(ingress, IngressProxyTranslator.publicAddressOf(ingress.bindAddress()));
    }

    /**
     * The translators of the product, the ingress gateway listening as {@code ingress} says and
     * reachable by clients at {@code publicAddress} (what Ingress statuses show).
     */
    public static TranslatorRegistry standard(IngressSettings ingress, String publicAddress) {
        return standard(new IngressProxyTranslator(ingress, publicAddress));
    }

    /**
     * The translators of the product with {@code ingress} building the ingress gateways' configs
     * (Kubernetes mode passes one whose settings follow the cluster).
     */
    public static TranslatorRegistry standard(Translator ingress) {
        return empty().withReporter(new IngressBackendStatusReporter()).with("ingress", ingress);
    }

    /**
     * A copy that builds the configs of mesh sidecars (kind {@value Workload#PROXY_KIND}) with
     * {@code certificates} for their workloads. Not part of {@link #standard()}: certificates need the
     * mesh CA, which the server holding it plugs in.
     */
    public TranslatorRegistry withSidecars(WorkloadCertificates certificates) {
        return with(Workload.PROXY_KIND, new SidecarProxyTranslator(certificates));
    }

    /**
     * A copy that builds the configs of egress gateways (kind {@value EgressGatewayIdentity#PROXY_KIND}) with
     * their certificate from {@code certificates}, the sidecars' issuer. Not part of {@link #standard()}
     * for the same reason as {@link #withSidecars}.
     */
    public TranslatorRegistry withEgressGateways(WorkloadCertificates certificates) {
        return with(EgressGatewayIdentity.PROXY_KIND, new EgressProxyTranslator(certificates));
    }

    /** As {@link #withEgressGateways(WorkloadCertificates)}, the gateways listening on {@code listenAddress}. */
    public TranslatorRegistry withEgressGateways(WorkloadCertificates certificates, String listenAddress) {
        return with(EgressGatewayIdentity.PROXY_KIND, new EgressProxyTranslator(certificates, listenAddress));
    }

    /** True when proxies of {@code kind} have a translator of their own (not {@link #EMPTY}). */
    public boolean has(String kind) {
        return byKind.containsKey(kind);
    }

    /** A copy that builds configs of proxies of {@code kind} with {@code translator}. */
    public TranslatorRegistry with(String kind, Translator translator) {
        Map<String, Translator> next = new TreeMap<>(byKind);
        next.put(Objects.requireNonNull(kind, "kind"), Objects.requireNonNull(translator, "translator"));
        return new TranslatorRegistry(next, reporters);
    }

    /** A copy that also runs {@code reporter} at every pass. */
    public TranslatorRegistry withReporter(StatusReporter reporter) {
        List<StatusReporter> next = new ArrayList<>(reporters);
        next.add(Objects.requireNonNull(reporter, "reporter"));
        return new TranslatorRegistry(byKind, next);
    }

    /** The reporters of statuses that do not depend on any proxy. */
    public List<StatusReporter> reporters() {
        return reporters;
    }

    /** The translator for {@code kind}, or {@link #EMPTY}. */
    public Translator forKind(String kind) {
        return byKind.getOrDefault(kind, EMPTY);
    }
}
