package io.meshgate.resources.kinds;

import static io.meshgate.resources.kinds.CommonSchemas.namespaceName;
import static io.meshgate.resources.kinds.CommonSchemas.objectName;
import static io.meshgate.resources.schema.Schemas.array;
import static io.meshgate.resources.schema.Schemas.bool;
import static io.meshgate.resources.schema.Schemas.duration;
import static io.meshgate.resources.schema.Schemas.integer;
import static io.meshgate.resources.schema.Schemas.map;
import static io.meshgate.resources.schema.Schemas.nonNegative;
import static io.meshgate.resources.schema.Schemas.number;
import static io.meshgate.resources.schema.Schemas.object;
import static io.meshgate.resources.schema.Schemas.oneOf;
import static io.meshgate.resources.schema.Schemas.port;
import static io.meshgate.resources.schema.Schemas.string;

import com.google.re2j.Pattern;
import io.meshgate.resources.schema.Format;
import io.meshgate.resources.schema.Formats;
import io.meshgate.resources.schema.ObjectSchema;
import io.meshgate.resources.schema.Schema;
import io.meshgate.resources.schema.StringSchema;
import java.util.Optional;

/**
 * config.flomesh.io/v1alpha3 MeshConfig: every section of FSM's mesh-wide settings with its types,
 * enums, ports, CIDRs and durations. Fields may be left out (the defaults of
 * {@link io.meshgate.resources.MeshConfigDefaults} apply), but unknown fields are errors, so a typo
 * in a merge patch ({@code enableEgres}) is caught instead of silently ignored.
 */
public final class MeshConfigValidator extends SchemaValidator {
    private static final Pattern QUANTITY_RE = Pattern.compile(
            "[+-]?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE][+-]?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?");
    private static final Pattern FRACTION_RE = Pattern.compile("(0(\\.[0-9]+)?|1(\\.0+)?|\\.[0-9]+)");

    /** A Kubernetes resource quantity ({@code 500m}, {@code 1Gi}, or a plain number). */
    private static final Schema QUANTITY = (value, path, problems) -> {
        if (value.isNumber()) {
            return;
        }
        if (!value.isTextual() || !QUANTITY_RE.matches(value.textValue())) {
            problems.invalid(path, value, "must be a quantity such as 500m, 128Mi or 2");
        }
    };

    /** FSM writes sampling fractions as strings: "1.0", "0.25". */
    private static final Format FRACTION = value -> FRACTION_RE.matches(value) ? Optional.empty()
            : Optional.of("must be a fraction from 0 to 1 written as a string, e.g. \"0.25\"");

    private static final Format MODULE_PATH = value -> Pattern.matches("[A-Za-z0-9][-A-Za-z0-9_./]*", value)
            && !value.contains("..") ? Optional.empty()
            : Optional.of("must be a plugin path such as modules/inbound-http-routing");

    /**
     * The lifetime of an issued certificate: at least a minute (a shorter one expires before it is
     * used and would have the issuer re-issue it continuously), at most the CA's ten years.
     */
    private static final Format CERTIFICATE_VALIDITY = value -> {
        Optional<String> notADuration = Formats.DURATION.problem(value);
        if (notADuration.isPresent()) {
            return notADuration;
        }
        java.time.Duration d = Formats.parseDuration(value);
        return d.compareTo(java.time.Duration.ofMinutes(1)) >= 0 && d.compareTo(java.time.Duration.ofHours(87600)) <= 0
                ? Optional.empty()
                : Optional.of("must be between 1m and 87600h (the CA's ten years)");
    };

    private static final StringSchema LOG_LEVEL =
            oneOf("trace", "debug", "info", "warn", "error", "fatal", "panic", "disabled");
    private static final StringSchema TEXT = string().maxLength(1024).format(Formats.SINGLE_LINE);
    private static final StringSchema HOST = string().format(MulticlusterSchemas.HOST_OR_IP);

    private static final ObjectSchema RESOURCES = object()
            .optional("limits", map(null, QUANTITY))
            .optional("requests", map(null, QUANTITY))
            .optional("claims", array(object().required("name", string().nonEmpty()).optional("request", TEXT)));

    private static final ObjectSchema IP_PAIR = object()
            .required("ipv4", string(Formats.IP))
            .optional("ipv6", string().format(Formats.IP));

    private static final ObjectSchema CLUSTER_SET = object()
            .optional("isManaged", bool())
            .optional("uid", TEXT)
            .optional("region", string(Formats.DNS1123_LABEL))
            .optional("zone", string(Formats.DNS1123_LABEL))
            .optional("group", string(Formats.DNS1123_LABEL))
            .optional("name", string(Formats.DNS1123_LABEL))
            .optional("controlPlaneUID", TEXT)
            .optional("properties", array(object().required("name", string().nonEmpty()).required("value", TEXT)));

    private static final ObjectSchema SIDECAR = object()
            .optional("enablePrivilegedInitContainer", bool())
            .optional("logLevel", LOG_LEVEL)
            .optional("maxDataPlaneConnections", nonNegative())
            .optional("configResyncInterval", duration())
            .optional("compressConfig", bool())
            .optional("holdApplicationUntilProxyStarts", bool())
            .optional("gracefulExitUntilDownstreamEnds", bool())
            .optional("sidecarImage", TEXT)
            .optional("sidecarDisabledMTLS", bool())
            .optional("sidecarTimeout", integer(0, 86400))
            .optional("resources", RESOURCES)
            .optional("initResources", RESOURCES)
            .optional("healthcheckResources", RESOURCES)
            .optional("tlsMinProtocolVersion", oneOf("TLS_AUTO", "TLSv1_0", "TLSv1_1", "TLSv1_2", "TLSv1_3"))
            .optional("tlsMaxProtocolVersion", oneOf("TLS_AUTO", "TLSv1_0", "TLSv1_1", "TLSv1_2", "TLSv1_3"))
            .optional("cipherSuites", array(string().nonEmpty().maxLength(128).format(Formats.SINGLE_LINE)))
            .optional("ecdhCurves", array(string().nonEmpty().maxLength(128).format(Formats.SINGLE_LINE)))
            .optional("localProxyMode", oneOf("Localhost", "PodIP"))
            .optional("localDNSProxy", object()
                    .optional("enable", bool())
                    .optional("primaryUpstreamDNSServerIPAddr", string().format(Formats.IP))
                    .optional("secondaryUpstreamDNSServerIPAddr", string().format(Formats.IP))
                    .optional("generateIPv6BasedOnIPv4", bool())
                    .optional("searchesWithNamespace", bool())
                    .optional("searchesWithTrustDomain", bool())
                    .optional("wildcard", object()
                            .optional("enable", bool())
                            .optional("los", array(IP_PAIR))
                            .optional("ips", array(IP_PAIR)))
                    .optional("db", array(object()
                            .required("dn", string(Formats.WILDCARD_DNS1123_SUBDOMAIN))
                            .required("ips", array(IP_PAIR)))))
            .optional("xnetDNSProxy", object()
                    .optional("enable", bool())
                    .optional("upstreams", array(object()
                            .optional("name", objectName())
                            .optional("namespace", namespaceName())
                            .optional("ip", string().format(Formats.IP))
                            .optional("port", port()))));

    private static final ObjectSchema TRAFFIC = object()
            .optional("interceptionMode", oneOf("NodeLevel", "PodLevel"))
            .optional("enableEgress", bool())
            .optional("enablePermissiveTrafficPolicyMode", bool())
            .optional("outboundIPRangeExclusionList", array(string(Formats.CIDR)))
            .optional("outboundIPRangeInclusionList", array(string(Formats.CIDR)))
            .optional("outboundPortExclusionList", array(port()))
            .optional("inboundPortExclusionList", array(port()))
            .optional("networkInterfaceExclusionList", array(string().nonEmpty().maxLength(15).format(Formats.SINGLE_LINE)))
            .optional("inboundExternalAuthorization", object()
                    .optional("enable", bool())
                    .optional("address", HOST)
                    .optional("port", port())
                    .optional("statPrefix", TEXT)
                    .optional("timeout", duration())
                    .optional("failureModeAllow", bool()))
            .optional("http1PerRequestLoadBalancing", bool())
            .optional("http2PerRequestLoadBalancing", bool())
            .optional("serviceAccessMode", oneOf("ip", "domain", "mixed"))
            .optional("serviceAccessNames", object()
                    .optional("mustWithServicePort", bool())
                    .optional("withTrustDomain", bool())
                    .optional("mustWithNamespace", bool())
                    .optional("cloud", object().optional("withNamespace", bool())));

    private static final ObjectSchema WARMUP = object()
            .optional("enable", bool())
            .optional("duration", duration())
            .optional("minWeight", integer(0, 100))
            .optional("maxWeight", integer(0, 100))
            .optional("aggression", number(1, 1_000_000))
            .rule((warmup, path, problems) -> {
                if (warmup.path("minWeight").asInt(10) > warmup.path("maxWeight").asInt(100)) {
                    problems.invalid(path.child("minWeight"), warmup.get("minWeight"), "must not exceed maxWeight");
                }
            });

    private static final ObjectSchema OBSERVABILITY = object()
            .optional("fsmLogLevel", LOG_LEVEL)
            .optional("tracing", object()
                    .optional("enable", bool())
                    .optional("port", port())
                    .optional("address", HOST)
                    .optional("endpoint", string().format(Formats.ABSOLUTE_PATH))
                    .optional("sampledFraction", string().format(FRACTION)))
            .optional("remoteLogging", object()
                    .optional("enable", bool())
                    .optional("level", integer(0, 10))
                    .optional("port", port())
                    .optional("address", HOST)
                    .optional("endpoint", string().maxLength(2048).format(Formats.SINGLE_LINE))
                    .optional("authorization", string().maxLength(4096).format(Formats.SINGLE_LINE))
                    .optional("sampledFraction", string().format(FRACTION))
                    .optional("secretName", objectName()));

    private static final ObjectSchema CERTIFICATE = object()
            .optional("serviceCertValidityDuration", duration())
            .optional("certKeyBitSize", integer(1024, 16384))
            .optional("ingressGateway", object()
                    .required("secret", object().required("name", objectName()).optional("namespace", namespaceName()))
                    .required("subjectAltNames", array(string(Formats.WILDCARD_DNS1123_SUBDOMAIN)).nonEmpty())
                    .required("validityDuration", string().format(CERTIFICATE_VALIDITY)));

    private static final ObjectSchema FEATURE_FLAGS = featureFlags(
            "enableEgressPolicy", "enableSnapshotCacheMode", "enableAsyncProxyServiceMapping",
            "enableIngressBackendPolicy", "enableAccessControlPolicy", "enableAccessCertPolicy",
            "enableTrafficWarmupPolicy", "enableSidecarPrettyConfig", "enableSidecarActiveHealthChecks",
            "enableRetryPolicy", "enablePluginPolicy", "enableAutoDefaultRoute", "enableValidateGatewayListenerHostname",
            "enableValidateHTTPRouteHostnames", "enableValidateGRPCRouteHostnames", "enableValidateTLSRouteHostnames",
            "useEndpointSlicesForGateway", "dropRouteRuleIfNoAvailableBackends");

    private static final Schema CHAIN = array(object()
            .required("plugin", string().nonEmpty().maxLength(253).format(MODULE_PATH))
            .optional("priority", number(-1_000_000, 1_000_000))
            .optional("disable", bool()))
            .uniqueBy(plugin -> plugin.path("plugin").asText());

    private static final ObjectSchema LISTENER = object()
            .optional("enabled", bool())
            .optional("bind", port())
            .optional("listen", port())
            .optional("nodePort", integer(0, 65535));

    private static final ObjectSchema INGRESS = object()
            .optional("enabled", bool())
            .optional("namespaced", bool())
            .optional("type", oneOf("LoadBalancer", "NodePort"))
            .optional("logLevel", LOG_LEVEL)
            .optional("http", LISTENER)
            .optional("tls", object()
                    .optional("enabled", bool())
                    .optional("bind", port())
                    .optional("listen", port())
                    .optional("nodePort", integer(0, 65535))
                    .optional("mTLS", bool())
                    .optional("sslPassthrough", object()
                            .optional("enabled", bool())
                            .optional("upstreamPort", port())));

    private static final ObjectSchema SPEC = object()
            .optional("clusterSet", CLUSTER_SET)
            .optional("sidecar", SIDECAR)
            .optional("repoServer", object()
                    .optional("ipaddr", HOST)
                    .optional("port", port())
                    .optional("codebase", TEXT))
            .optional("traffic", TRAFFIC)
            .optional("warmup", WARMUP)
            .optional("observability", OBSERVABILITY)
            .optional("certificate", CERTIFICATE)
            .optional("featureFlags", FEATURE_FLAGS)
            .optional("pluginChains", object()
                    .optional("inbound-tcp", CHAIN)
                    .optional("inbound-http", CHAIN)
                    .optional("outbound-tcp", CHAIN)
                    .optional("outbound-http", CHAIN))
            .optional("ingress", INGRESS)
            .optional("gatewayAPI", object().optional("enabled", bool()).optional("logLevel", LOG_LEVEL))
            .optional("serviceLB", object().optional("enabled", bool()).optional("image", TEXT))
            .optional("flb", object()
                    .optional("enabled", bool())
                    .optional("strictMode", bool())
                    .optional("upstreamMode", oneOf("NodePort", "Endpoint"))
                    .optional("secretName", objectName()))
            .optional("egressGateway", object()
                    .optional("enabled", bool())
                    .optional("logLevel", LOG_LEVEL)
                    .optional("mode", oneOf("http2tunnel", "sock5"))
                    .optional("port", port())
                    .optional("adminPort", port())
                    .optional("replicas", integer(0, 1000)))
            .optional("image", object()
                    .optional("registry", TEXT)
                    .optional("tag", TEXT)
                    .optional("name", map(null, TEXT))
                    .optional("digest", map(null, TEXT))
                    .optional("pullPolicy", oneOf("Always", "IfNotPresent", "Never")))
            .optional("misc", object().optional("repoServerImage", TEXT))
            .optional("connector", object()
                    .optional("lb", object()
                            .optional("type", oneOf("ActiveActive", "FailOver"))
                            .optional("masterNamespace", namespaceName())
                            .optional("slaveNamespaces", array(namespaceName())))
                    .optional("DO_NOT_EDIT_viaGateway", TEXT)
                    .optional("viaGateway", object()
                            .optional("clusterIP", string().format(Formats.IP))
                            .optional("externalIP", string().format(Formats.IP))
                            .optional("ingressAddr", HOST)
                            .optional("ingressHTTPPort", integer(0, 65535))
                            .optional("ingressGRPCPort", integer(0, 65535))
                            .optional("egressAddr", HOST)
                            .optional("egressHTTPPort", integer(0, 65535))
                            .optional("egressGRPCPort", integer(0, 65535))));

    public MeshConfigValidator() {
        super(object().required("spec", SPEC));
    }

    private static ObjectSchema featureFlags(String... names) {
        ObjectSchema flags = object();
        for (String name : names) {
            flags = flags.optional(name, bool());
        }
        return flags;
    }
}
