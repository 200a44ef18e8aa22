package io.meshgate.resources;

import io.meshgate.resources.kinds.AccessCertValidator;
import io.meshgate.resources.kinds.AccessControlValidator;
import io.meshgate.resources.kinds.ClusterValidator;
import io.meshgate.resources.kinds.ConfigMapValidator;
import io.meshgate.resources.kinds.EgressGatewayValidator;
import io.meshgate.resources.kinds.EgressValidator;
import io.meshgate.resources.kinds.EndpointsValidator;
import io.meshgate.resources.kinds.GlobalTrafficPolicyValidator;
import io.meshgate.resources.kinds.HttpRouteGroupValidator;
import io.meshgate.resources.kinds.IngressBackendValidator;
import io.meshgate.resources.kinds.IngressClassValidator;
import io.meshgate.resources.kinds.IngressValidator;
import io.meshgate.resources.kinds.MeshConfigValidator;
import io.meshgate.resources.kinds.NamespaceValidator;
import io.meshgate.resources.kinds.PluginChainValidator;
import io.meshgate.resources.kinds.PluginConfigValidator;
import io.meshgate.resources.kinds.PluginValidator;
import io.meshgate.resources.kinds.PodValidator;
import io.meshgate.resources.kinds.RetryValidator;
import io.meshgate.resources.kinds.SecretValidator;
import io.meshgate.resources.kinds.ServiceAccountValidator;
import io.meshgate.resources.kinds.ServiceExportValidator;
import io.meshgate.resources.kinds.ServiceImportValidator;
import io.meshgate.resources.kinds.ServiceValidator;
import io.meshgate.resources.kinds.TcpRouteValidator;
import io.meshgate.resources.kinds.TrafficSplitValidator;
import io.meshgate.resources.kinds.TrafficTargetValidator;
import io.meshgate.resources.kinds.UpstreamTrafficSettingValidator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one table of kinds Meshgate serves. REST paths ({@link #byPlural}), validation
 * ({@link ResourceValidator}), defaulting ({@link Resource#withDefaultNamespace}) and the console
 * all read it, so adding a kind is one row here plus its validator.
 *
 * <p>apiVersions follow the manifests of FSM's demos: the multi-cluster kinds are accepted under both
 * {@code flomesh.io/v1alpha1} (used by FSM's demos) and {@code multicluster.flomesh.io/v1alpha1}
 * (FSM's current CRDs, preferred).
 */
public final class KindRegistry {
    private static final String V1 = "v1";
    private static final String V1ALPHA1 = "v1alpha1";
    private static final String POLICY = "policy.flomesh.io";
    private static final String PLUGIN = "plugin.flomesh.io";
    private static final List<String> MULTICLUSTER = List.of("multicluster.flomesh.io", "flomesh.io");

    private static final KindRegistry STANDARD = new KindRegistry(List.of(
            core("Namespace", "namespaces", false, NameRule.DNS_LABEL, new NamespaceValidator()),
            core("Service", "services", true, NameRule.DNS_1035_LABEL, new ServiceValidator()),
            core("Endpoints", "endpoints", true, NameRule.DNS_SUBDOMAIN, new EndpointsValidator()),
            core("Secret", "secrets", true, NameRule.DNS_SUBDOMAIN, new SecretValidator()),
            core("ServiceAccount", "serviceaccounts", true, NameRule.DNS_SUBDOMAIN, new ServiceAccountValidator()),
            core("ConfigMap", "configmaps", true, NameRule.DNS_SUBDOMAIN, new ConfigMapValidator()),
            core("Pod", "pods", true, NameRule.DNS_SUBDOMAIN, new PodValidator()),
            kind("Ingress", "networking.k8s.io", V1, "ingresses", true, new IngressValidator()),
            kind("IngressClass", "networking.k8s.io", V1, "ingressclasses", false, new IngressClassValidator()),
            kind("IngressBackend", POLICY, V1ALPHA1, "ingressbackends", true, new IngressBackendValidator()),
            kind("Egress", POLICY, V1ALPHA1, "egresses", true, new EgressValidator()),
            kind("EgressGateway", POLICY, V1ALPHA1, "egressgateways", true, new EgressGatewayValidator()),
            kind("UpstreamTrafficSetting", POLICY, V1ALPHA1, "upstreamtrafficsettings", true,
                    new UpstreamTrafficSettingValidator()),
            kind("Retry", POLICY, V1ALPHA1, "retries", true, new RetryValidator()),
            kind("AccessControl", POLICY, V1ALPHA1, "accesscontrols", true, new AccessControlValidator()),
            kind("AccessCert", POLICY, V1ALPHA1, "accesscerts", true, new AccessCertValidator()),
            kind("TrafficSplit", "split.smi-spec.io", "v1alpha4", "trafficsplits", true, new TrafficSplitValidator()),
            kind("HTTPRouteGroup", "specs.smi-spec.io", "v1alpha4", "httproutegroups", true,
                    new HttpRouteGroupValidator()),
            kind("TCPRoute", "specs.smi-spec.io", "v1alpha4", "tcproutes", true, new TcpRouteValidator()),
            kind("TrafficTarget", "access.smi-spec.io", "v1alpha3", "traffictargets", true,
                    new TrafficTargetValidator()),
            kind("MeshConfig", "config.flomesh.io", "v1alpha3", "meshconfigs", true, new MeshConfigValidator()),
            kind("Plugin", PLUGIN, V1ALPHA1, "plugins", false, new PluginValidator()),
            kind("PluginChain", PLUGIN, V1ALPHA1, "pluginchains", true, new PluginChainValidator()),
            kind("PluginConfig", PLUGIN, V1ALPHA1, "pluginconfigs", true, new PluginConfigValidator()),
            multicluster("ServiceExport", "serviceexports", true, NameRule.DNS_1035_LABEL,
                    new ServiceExportValidator()),
            multicluster("ServiceImport", "serviceimports", true, NameRule.DNS_1035_LABEL,
                    new ServiceImportValidator()),
            multicluster("GlobalTrafficPolicy", "globaltrafficpolicies", true, NameRule.DNS_1035_LABEL,
                    new GlobalTrafficPolicyValidator()),
            multicluster("Cluster", "clusters", false, NameRule.DNS_SUBDOMAIN, new ClusterValidator())));

    private final Map<String, KindInfo> byKind = new LinkedHashMap<>();
    private final Map<String, KindInfo> byPlural = new LinkedHashMap<>();

    /**
     * A registry of the given kinds.
     *
     * @throws IllegalArgumentException when two entries share a kind or a plural
     */
    public KindRegistry(List<KindInfo> kinds) {
        for (KindInfo info : kinds) {
            if (byKind.putIfAbsent(info.kind(), info) != null) {
                throw new IllegalArgumentException("kind listed twice: " + info.kind());
            }
            if (byPlural.putIfAbsent(info.plural(), info) != null) {
                throw new IllegalArgumentException("plural listed twice: " + info.plural());
            }
        }
    }

    /** The kinds Meshgate serves. */
    public static KindRegistry standard() {
        return STANDARD;
    }

    /** Looks up a kind by its exact (case-sensitive) name, e.g. {@code Ingress}. */
    public Optional<KindInfo> byKind(String kind) {
        return Optional.ofNullable(byKind.get(kind));
    }

    /** Looks up a kind by its lowercase plural, e.g. {@code ingresses}. */
    public Optional<KindInfo> byPlural(String plural) {
        return Optional.ofNullable(byPlural.get(plural));
    }

    /**
     * Finds a kind the way a command line names it: the kind ({@code Ingress}, any case), its plural
     * ({@code ingresses}) or its lowercase singular ({@code ingress}).
     */
    public Optional<KindInfo> resolve(String name) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        return byKind.values().stream()
                .filter(info -> info.kind().toLowerCase(java.util.Locale.ROOT).equals(lower) || info.plural().equals(lower))
                .findFirst();
    }

    /** Every kind, in table order. */
    public List<KindInfo> kinds() {
        return List.copyOf(byKind.values());
    }

    /** Every kind name, in table order. */
    public List<String> kindNames() {
        return List.copyOf(byKind.keySet());
    }

    private static KindInfo core(String kind, String plural, boolean namespaced, NameRule rule, Validator validator) {
        return new KindInfo(kind, List.of(""), List.of(V1), V1, plural, namespaced, rule, validator);
    }

    private static KindInfo kind(String kind, String group, String version, String plural, boolean namespaced,
                                 Validator validator) {
        return new KindInfo(kind, List.of(group), List.of(version), group + "/" + version, plural, namespaced,
                NameRule.DNS_SUBDOMAIN, validator);
    }

    private static KindInfo multicluster(String kind, String plural, boolean namespaced, NameRule rule,
                                         Validator validator) {
        return new KindInfo(kind, MULTICLUSTER, List.of(V1ALPHA1), MULTICLUSTER.get(0) + "/" + V1ALPHA1, plural,
                namespaced, rule, validator);
    }
}
