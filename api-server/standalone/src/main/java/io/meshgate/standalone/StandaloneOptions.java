package io.meshgate.standalone;

import io.meshgate.api.ApiTlsMode;
import io.meshgate.api.EmbeddedEgressGateway;
import io.meshgate.api.EmbeddedGateway;
import io.meshgate.api.ApiTlsOptions;
import io.meshgate.api.ServiceCidr;
import io.meshgate.sidecar.injector.InjectionSettings;
import io.meshgate.reconcile.ingress.IngressProxyTranslator;

import io.meshgate.proxy.DurationFlag;
import io.meshgate.resources.JsonPatchLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Settings of {@link Standalone}: each from a flag, else its environment variable, else the default.
 *
 * @param dataDir         --data-dir / MESHGATE_DATA_DIR (./data)
 * @param apiPort         --api-port / MESHGATE_API_PORT (9091)
 * @param httpPort        --http-port / MESHGATE_HTTP_PORT (8000), for the ingress gateway
 * @param httpsPort       --https-port / MESHGATE_HTTPS_PORT (8443), for the ingress gateway
 * @param bind            --bind / MESHGATE_BIND (127.0.0.1)
 * @param kernelAdminPort --kernel-admin-port / MESHGATE_KERNEL_ADMIN_PORT (15000; 0 = any free port)
 * @param adminToken      MESHGATE_ADMIN_TOKEN (environment only: flags show up in ps)
 * @param publicAddress   --public-address / MESHGATE_PUBLIC_ADDRESS: the gateway address clients use, shown in
 *                        Ingress statuses (null: the bind address, 127.0.0.1 for a wildcard bind)
 * @param hostsFile       --hosts-file / MESHGATE_HOSTS_FILE: /etc/hosts-format names the gateway resolves before
 *                        DNS for upstream host names (passthrough targets, host-name endpoints); null for none
 * @param apiTls          --api-tls / MESHGATE_API_TLS (auto), --api-tls-cert / MESHGATE_API_TLS_CERT,
 *                        --api-tls-key / MESHGATE_API_TLS_KEY, --insecure-allow-plaintext (flag only, no value)
 * @param patchLimits     --max-patch-operations / MESHGATE_MAX_PATCH_OPERATIONS (10000, as the Kubernetes API
 *                        server); the patched object stays within the codec's 5 MiB document limit
 * @param serviceCidr     --service-cidr / MESHGATE_SERVICE_CIDR (10.96.0.0/12, as Kubernetes): where Service
 *                        cluster IPs come from
 * @param egressGateway   --embedded-egress-gateway / MESHGATE_EMBEDDED_EGRESS_GATEWAY (off), --egress-gateway-port
 *                        (sets MeshConfig spec.egressGateway.port at start), --egress-gateway-admin-port: the mesh's
 *                        egress gateway in this JVM ({@link EmbeddedEgressSettings})
 * @param injection       --mesh-name / MESHGATE_MESH_NAME (fsm), --sidecar-image / MESHGATE_SIDECAR_IMAGE,
 *                        --sidecar-server / MESHGATE_SIDECAR_SERVER (else https://HOST:api-port of
 *                        --controller-service / MESHGATE_CONTROLLER_SERVICE, which is also an API certificate
 *                        name): what the sidecar injector puts into pods
 * @param kernelWarmUp    --kernel-warm-up / MESHGATE_KERNEL_WARM_UP (20s; 0 = none): at most how long the gateway
 *                        runs synthetic loopback traffic through a throwaway kernel before it serves, so that it
 *                        serves its first requests from compiled code ({@link io.meshgate.kernel.KernelWarmUp}); it
 *                        ends earlier once the JIT is done. The Java constructors other than the canonical one
 *                        choose none (embedding and tests).
 */
public record StandaloneOptions(Path dataDir, int apiPort, int httpPort, int httpsPort, String bind,
                                int kernelAdminPort, String adminToken, String publicAddress, Path hostsFile,
                                ApiTlsOptions apiTls, JsonPatchLimits patchLimits, ServiceCidr serviceCidr,
                                EmbeddedEgressSettings egressGateway, InjectionSettings injection,
                                Duration kernelWarmUp) {

    /**
     * What {@code meshgate up} warms up for at most when neither the flag nor the environment says: on one CPU the
     * JIT settles on the request path after 13-18 s (with an AOT cache) and the new connections' phase follows;
     * with 10 s the first seconds after a start compiled 0.6-2.3 s of C2 under traffic, with 20 s 0.1-0.2 s
     * (docs/benchmarks.md). On more CPUs it ends earlier, once the JIT is done.
     */
    public static final Duration DEFAULT_KERNEL_WARM_UP = Duration.ofSeconds(20);

    /** Usage text printed for --help and on bad flags. */
    public static final String USAGE = """
            usage: meshgate up [--data-dir DIR] [--api-port N] [--http-port N] [--https-port N] [--bind ADDR]
                               [--kernel-admin-port N] [--public-address ADDR] [--hosts-file FILE]
                               [--api-tls auto|on|off] [--api-tls-cert FILE --api-tls-key FILE] [--api-tls-san NAME]
                               [--insecure-allow-plaintext] [--max-patch-operations N] [--service-cidr CIDR]
                               [--embedded-egress-gateway [--egress-gateway-port N] [--egress-gateway-admin-port N]]
                               [--mesh-name NAME] [--sidecar-image IMAGE] [--sidecar-server URL]
                               [--controller-service HOST] [--kernel-warm-up DURATION]
              every flag can also be set by its environment variable (MESHGATE_DATA_DIR, MESHGATE_API_PORT,
              MESHGATE_HTTP_PORT, MESHGATE_HTTPS_PORT, MESHGATE_BIND, MESHGATE_KERNEL_ADMIN_PORT,
              MESHGATE_PUBLIC_ADDRESS, MESHGATE_HOSTS_FILE, MESHGATE_API_TLS, MESHGATE_API_TLS_CERT,
              MESHGATE_API_TLS_KEY, MESHGATE_API_TLS_SANS, MESHGATE_MAX_PATCH_OPERATIONS, MESHGATE_SERVICE_CIDR,
              MESHGATE_EMBEDDED_EGRESS_GATEWAY=true, MESHGATE_EGRESS_GATEWAY_PORT, MESHGATE_EGRESS_GATEWAY_ADMIN_PORT,
              MESHGATE_MESH_NAME, MESHGATE_SIDECAR_IMAGE, MESHGATE_SIDECAR_SERVER, MESHGATE_CONTROLLER_SERVICE,
              MESHGATE_KERNEL_WARM_UP);
              MESHGATE_ADMIN_TOKEN sets the admin token at first start.
              --public-address is what Ingress statuses show (default: the bind address);
              --hosts-file maps upstream host names to addresses before DNS (/etc/hosts format).
              --service-cidr is the block Service cluster IPs come from (default 10.96.0.0/12).
              --api-tls auto (default) serves the admin API over HTTPS with a mesh-CA certificate unless
              --bind is loopback; off beyond loopback needs --insecure-allow-plaintext. --api-tls-san (repeatable,
              or comma-separated) adds names to the mesh-CA certificate, e.g. the Service name a cluster's API
              server dials for the admission webhooks (fsm-controller.fsm-system.svc).
              --embedded-egress-gateway (off by default) also runs the mesh's egress gateway in this process: proxy
              egress-gateway.fsm-system (kind egress) on the bind address at MeshConfig spec.egressGateway.port
              (default 1080) in MeshConfig spec.egressGateway.mode, admin on 127.0.0.1:6060
              (--egress-gateway-admin-port; 0 = any free port, -1 = none), and keeps Service
              fsm-system/fsm-egress-gateway and its Endpoints at that port for it; it serves once an EgressGateway
              policy names that Service. --egress-gateway-port N sets MeshConfig spec.egressGateway.port to N at
              start (an audited change, like fsm install --set fsm.egressGateway.port=N); without it the
              MeshConfig's port stands.
              The sidecar injector (POST /webhooks/inject) injects pods of namespaces labelled
              flomesh.io/monitored-by=<--mesh-name> (default fsm) with image --sidecar-image (MeshConfig
              spec.sidecar.sidecarImage wins when set; default meshgate/meshgate:0.1.0), their sidecars
              registering at --sidecar-server (default https://<--controller-service>:<--api-port> when that is
              given, else https://fsm-controller.fsm-system.svc:9091). --controller-service HOST (the Service a
              cluster reaches this control plane at) is also added to the API certificate's names.
              --kernel-warm-up (default 20s; 0 turns it off) runs synthetic loopback traffic through a throwaway
              gateway before the gateway serves, until the JIT has compiled the proxy path or the time is spent,
              so that the first seconds of traffic run at speed (15s, 500ms, 1m or PT15S).""";

    public StandaloneOptions {
        java.util.Objects.requireNonNull(apiTls, "apiTls");
        java.util.Objects.requireNonNull(patchLimits, "patchLimits");
        java.util.Objects.requireNonNull(serviceCidr, "serviceCidr");
        java.util.Objects.requireNonNull(egressGateway, "egressGateway");
        injection = injection == null ? InjectionSettings.defaults() : injection;
        kernelWarmUp = kernelWarmUp == null ? Duration.ZERO : kernelWarmUp;
        if (kernelWarmUp.isNegative()) {
            throw new IllegalArgumentException("--kernel-warm-up must not be negative, got " + kernelWarmUp);
        }
    }

    /** Options with the sidecar injector's defaults (mesh fsm, the default image and control-plane URL), no warm-up. */
    public StandaloneOptions(Path dataDir, int apiPort, int httpPort, int httpsPort, String bind, int kernelAdminPort,
                             String adminToken, String publicAddress, Path hostsFile, ApiTlsOptions apiTls,
                             JsonPatchLimits patchLimits, ServiceCidr serviceCidr, EmbeddedEgressSettings egressGateway) {
        this(dataDir, apiPort, httpPort, httpsPort, bind, kernelAdminPort, adminToken, publicAddress, hostsFile, apiTls,
                patchLimits, serviceCidr, egressGateway, null, Duration.ZERO);
    }

    /** Options without an embedded egress gateway. */
    public StandaloneOptions(Path dataDir, int apiPort, int httpPort, int httpsPort, String bind, int kernelAdminPort,
                             String adminToken, String publicAddress, Path hostsFile, ApiTlsOptions apiTls,
                             JsonPatchLimits patchLimits, ServiceCidr serviceCidr) {
        this(dataDir, apiPort, httpPort, httpsPort, bind, kernelAdminPort, adminToken, publicAddress, hostsFile, apiTls,
                patchLimits, serviceCidr, EmbeddedEgressSettings.OFF);
    }

    /** Options without a public address or hosts file, and the default API TLS policy. */
    public StandaloneOptions(Path dataDir, int apiPort, int httpPort, int httpsPort, String bind, int kernelAdminPort,
                             String adminToken) {
        this(dataDir, apiPort, httpPort, httpsPort, bind, kernelAdminPort, adminToken, null, null);
    }

    /** Options with the default API TLS policy ({@code auto}). */
    public StandaloneOptions(Path dataDir, int apiPort, int httpPort, int httpsPort, String bind, int kernelAdminPort,
                             String adminToken, String publicAddress, Path hostsFile) {
        this(dataDir, apiPort, httpPort, httpsPort, bind, kernelAdminPort, adminToken, publicAddress, hostsFile,
                ApiTlsOptions.auto(), JsonPatchLimits.DEFAULT, ServiceCidr.DEFAULT);
    }

    public StandaloneOptions withApiTls(ApiTlsOptions value) {
        return new StandaloneOptions(dataDir, apiPort, httpPort, httpsPort, bind, kernelAdminPort, adminToken,
                publicAddress, hostsFile, value, patchLimits, serviceCidr, egressGateway, injection, kernelWarmUp);
    }

    public StandaloneOptions withKernelWarmUp(Duration value) {
        return new StandaloneOptions(dataDir, apiPort, httpPort, httpsPort, bind, kernelAdminPort, adminToken,
                publicAddress, hostsFile, apiTls, patchLimits, serviceCidr, egressGateway, injection, value);
    }

    public StandaloneOptions withEgressGateway(EmbeddedEgressSettings value) {
        return new StandaloneOptions(dataDir, apiPort, httpPort, httpsPort, bind, kernelAdminPort, adminToken,
                publicAddress, hostsFile, apiTls, patchLimits, serviceCidr, value, injection, kernelWarmUp);
    }

    /**
     * The CA file local clients (embedded proxy, console) trust for an HTTPS API: the operator's
     * certificate chain when one is given (its certificates become trust anchors), else the mesh CA.
     */
    public Path apiTrustFile() {
        return apiTls.certFile() != null ? apiTls.certFile() : dataDir.resolve("ca").resolve("ca.crt");
    }

    /** The address Ingress statuses show: {@link #publicAddress}, else the bind address (127.0.0.1 for a wildcard). */
    public String effectivePublicAddress() {
        return publicAddress != null ? publicAddress : IngressProxyTranslator.publicAddressOf(bind);
    }

    /**
     * The embedded proxy as the mesh sees it (Service {@code fsm-system/fsm-ingress}): the public address, the
     * bind address its connections leave from, its ports. Null with a port 0 (any free port, in tests): there
     * is no port to publish.
     */
    public EmbeddedGateway embeddedGateway() {
        if (httpPort == 0 || httpsPort == 0) {
            return null;
        }
        return EmbeddedGateway.boundTo(bind, effectivePublicAddress(), httpPort, httpsPort);
    }

    /**
     * The embedded egress gateway as the mesh sees it (Service {@code fsm-system/fsm-egress-gateway}): it listens
     * on the bind address at MeshConfig {@code spec.egressGateway.port} (set to {@code --egress-gateway-port} at
     * start when that is given) and sidecars reach it there (at the public address for a wildcard bind); null
     * when it is off.
     */
    public EmbeddedEgressGateway embeddedEgressGateway() {
        if (!egressGateway.enabled()) {
            return null;
        }
        return EmbeddedEgressGateway.boundTo(bind, effectivePublicAddress(), egressGateway.port());
    }

    /**
     * @throws IllegalArgumentException for unknown flags, missing values or bad port numbers
     */
    public static StandaloneOptions parse(String[] args, Map<String, String> env) {
        String dataDir = env.getOrDefault("MESHGATE_DATA_DIR", "./data");
        String apiPort = env.getOrDefault("MESHGATE_API_PORT", "9091");
        String httpPort = env.getOrDefault("MESHGATE_HTTP_PORT", "8000");
        String httpsPort = env.getOrDefault("MESHGATE_HTTPS_PORT", "8443");
        String bind = env.getOrDefault("MESHGATE_BIND", "127.0.0.1");
        String kernelAdmin = env.getOrDefault("MESHGATE_KERNEL_ADMIN_PORT", "15000");
        String publicAddress = env.get("MESHGATE_PUBLIC_ADDRESS");
        String hostsFile = env.get("MESHGATE_HOSTS_FILE");
        String apiTls = env.getOrDefault("MESHGATE_API_TLS", "auto");
        String apiTlsCert = env.get("MESHGATE_API_TLS_CERT");
        String apiTlsKey = env.get("MESHGATE_API_TLS_KEY");
        String apiTlsSans = env.getOrDefault("MESHGATE_API_TLS_SANS", "");
        String maxPatchOperations = env.getOrDefault("MESHGATE_MAX_PATCH_OPERATIONS",
                String.valueOf(JsonPatchLimits.DEFAULT_MAX_OPERATIONS));
        String serviceCidr = env.getOrDefault("MESHGATE_SERVICE_CIDR", ServiceCidr.DEFAULT_TEXT);
        String egressGateway = env.getOrDefault("MESHGATE_EMBEDDED_EGRESS_GATEWAY", "false");
        String egressPort = env.get("MESHGATE_EGRESS_GATEWAY_PORT"); // null: the MeshConfig's port stands
        String egressAdminPort = env.getOrDefault("MESHGATE_EGRESS_GATEWAY_ADMIN_PORT",
                String.valueOf(EmbeddedEgressSettings.OFF.adminPort()));
        String meshName = env.getOrDefault("MESHGATE_MESH_NAME", InjectionSettings.DEFAULT_MESH_NAME);
        String sidecarImage = env.getOrDefault("MESHGATE_SIDECAR_IMAGE", InjectionSettings.DEFAULT_IMAGE);
        String sidecarServer = env.get("MESHGATE_SIDECAR_SERVER"); // null: from the controller Service, else the default
        String controllerService = env.get("MESHGATE_CONTROLLER_SERVICE");
        String kernelWarmUp = env.getOrDefault("MESHGATE_KERNEL_WARM_UP", DEFAULT_KERNEL_WARM_UP.toSeconds() + "s");
        boolean allowPlaintext = false;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--insecure-allow-plaintext")) {
                // deliberately a flag only: an environment variable left over could weaken a deployment unnoticed
                allowPlaintext = true;
                continue;
            }
            if (flag.equals("--embedded-egress-gateway")) {
                egressGateway = "true"; // a switch; --embedded-egress-gateway=false turns off what the environment set
                continue;
            }
            String value;
            int eq = flag.indexOf('=');
            if (flag.startsWith("--") && eq > 0) {
                value = flag.substring(eq + 1);
                flag = flag.substring(0, eq);
            } else {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(flag + " needs a value");
                }
                value = args[++i];
            }
            switch (flag) {
                case "--data-dir" -> dataDir = value;
                case "--api-port" -> apiPort = value;
                case "--http-port" -> httpPort = value;
                case "--https-port" -> httpsPort = value;
                case "--bind" -> bind = value;
                case "--kernel-admin-port" -> kernelAdmin = value;
                case "--public-address" -> publicAddress = value;
                case "--hosts-file" -> hostsFile = value;
                case "--api-tls" -> apiTls = value;
                case "--api-tls-cert" -> apiTlsCert = value;
                case "--api-tls-key" -> apiTlsKey = value;
                case "--api-tls-san" -> apiTlsSans = apiTlsSans.isBlank() ? value : apiTlsSans + "," + value;
                case "--max-patch-operations" -> maxPatchOperations = value;
                case "--service-cidr" -> serviceCidr = value;
                case "--embedded-egress-gateway" -> egressGateway = value;
                case "--egress-gateway-port" -> egressPort = value;
                case "--egress-gateway-admin-port" -> egressAdminPort = value;
                case "--mesh-name" -> meshName = value;
                case "--sidecar-image" -> sidecarImage = value;
                case "--sidecar-server" -> sidecarServer = value;
                case "--controller-service" -> controllerService = value;
                case "--kernel-warm-up" -> kernelWarmUp = value;
                default -> throw new IllegalArgumentException("unknown flag " + flag);
            }
        }
        // the Service a cluster reaches this control plane at (the chart's fsm-controller.<ns>.svc): injected
        // sidecars register there, and the API's mesh-CA certificate must cover it for them and for the webhooks
        if (blankToNull(controllerService) != null) {
            String host = controllerService.trim();
            apiTlsSans = apiTlsSans.isBlank() ? host : apiTlsSans + "," + host;
            if (sidecarServer == null) {
                sidecarServer = "https://" + host + ":" + port("--api-port", apiPort);
            }
        }
        if (sidecarServer == null) {
            sidecarServer = InjectionSettings.DEFAULT_CONTROL_PLANE_URL;
        }
        String token = env.get("MESHGATE_ADMIN_TOKEN");
        return new StandaloneOptions(Path.of(dataDir), port("--api-port", apiPort), port("--http-port", httpPort),
                port("--https-port", httpsPort), bind, port("--kernel-admin-port", kernelAdmin),
                token == null || token.isBlank() ? null : token, blankToNull(publicAddress),
                blankToNull(hostsFile) == null ? null : Path.of(hostsFile.trim()),
                new ApiTlsOptions(ApiTlsMode.parse(apiTls), allowPlaintext, path(apiTlsCert), path(apiTlsKey),
                        names(apiTlsSans)),
                new JsonPatchLimits(positive("--max-patch-operations", maxPatchOperations),
                        JsonPatchLimits.DEFAULT.maxDocumentChars()),
                cidr(serviceCidr), egressSettings(egressGateway, egressPort, egressAdminPort),
                injection(meshName, sidecarImage, sidecarServer), warmUp(kernelWarmUp));
    }

    private static Duration warmUp(String value) {
        return DurationFlag.notNegative("--kernel-warm-up", value);
    }

    /** Comma-separated DNS names or addresses; blanks dropped. */
    private static List<String> names(String list) {
        return java.util.Arrays.stream(list.split(",")).map(String::trim).filter(n -> !n.isEmpty()).toList();
    }

    private static InjectionSettings injection(String meshName, String image, String server) {
        if (meshName.isBlank() || meshName.length() > 63) {
            throw new IllegalArgumentException("--mesh-name must be 1 to 63 characters (a label value), got '"
                    + meshName + "'");
        }
        try {
            return InjectionSettings.defaults().withMeshName(meshName.trim()).withImage(image.trim())
                    .withControlPlaneUrl(server.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--sidecar-image / --sidecar-server: " + e.getMessage(), e);
        }
    }

    private static EmbeddedEgressSettings egressSettings(String enabled, String port, String adminPort) {
        boolean on = switch (enabled.trim()) {
            case "true" -> true;
            case "false", "" -> false;
            default -> throw new IllegalArgumentException("--embedded-egress-gateway / MESHGATE_EMBEDDED_EGRESS_GATEWAY"
                    + " must be true or false, got '" + enabled + "'");
        };
        Integer tunnelPort = blankToNull(port) == null ? null : port("--egress-gateway-port", port);
        int admin = adminPort.trim().equals("-1") ? -1 : port("--egress-gateway-admin-port", adminPort);
        return new EmbeddedEgressSettings(on, tunnelPort, admin);
    }

    private static ServiceCidr cidr(String value) {
        try {
            return ServiceCidr.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--service-cidr: " + e.getMessage(), e);
        }
    }

    private static int positive(String flag, String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be a whole number >= 1, got '" + value + "'");
        }
    }

    private static Path path(String value) {
        return blankToNull(value) == null ? null : Path.of(value.trim());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static int port(String flag, String value) {
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be a port number 0-65535, got '" + value + "'");
        }
    }
}
