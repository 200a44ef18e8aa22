package io.meshgate.api;

import io.meshgate.resources.JsonPatchLimits;
import io.meshgate.sidecar.injector.InjectionSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to run the admin API.
 *
 * @param bindAddress     address to listen on (127.0.0.1 by default: the API is for this host)
 * @param port            TCP port, 0 for a free one
 * @param dataDir         where {@code admin.token} is written when a bootstrap token is generated
 * @param adminToken      MESHGATE_ADMIN_TOKEN: the bootstrap admin token to use at first start, or null
 * @param watchHeartbeat  interval of comment lines on idle watch streams
 * @param tls             when and with which certificate to serve HTTPS ({@link ApiTransportPolicy})
 * @param patchLimits     how many JSON Patch operations a request may carry and how large the patched
 *                        object may grow ({@link JsonPatchLimits#DEFAULT}: Kubernetes' 10,000 operations)
 * @param serviceCidr     where Service cluster IPs come from ({@link ServiceCidr#DEFAULT}: 10.96.0.0/12)
 * @param embeddedGateway the ingress gateway running beside this server, kept as Service
 *                        {@code fsm-system/fsm-ingress} ({@link EmbeddedGatewayService}); null when there is none
 * @param embeddedEgressGateway the egress gateway running beside this server, kept as Service
 *                        {@code fsm-system/fsm-egress-gateway} ({@link EmbeddedEgressGatewayService}); its listen
 *                        address is every egress proxy's; null when there is none (they listen on 0.0.0.0)
 * @param injection       what the sidecar injector ({@code POST /webhooks/inject}) puts into pods besides what the
 *                        MeshConfig says: mesh name, image, the control plane's URL for sidecars; null for
 *                        {@link InjectionSettings#defaults()}
 */
public record ApiServerOptions(String bindAddress, int port, Path dataDir, String adminToken,
                               Duration watchHeartbeat, ApiTlsOptions tls, JsonPatchLimits patchLimits,
                               ServiceCidr serviceCidr, EmbeddedGateway embeddedGateway,
                               EmbeddedEgressGateway embeddedEgressGateway, InjectionSettings injection) {
    /** File name of the generated bootstrap admin token inside the data directory. */
    public static final String ADMIN_TOKEN_FILE = "admin.token";

    public ApiServerOptions {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(watchHeartbeat, "watchHeartbeat");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(patchLimits, "patchLimits");
        Objects.requireNonNull(serviceCidr, "serviceCidr");
        injection = injection == null ? InjectionSettings.defaults() : injection;
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (watchHeartbeat.isNegative() || watchHeartbeat.isZero()) {
            throw new IllegalArgumentException("watchHeartbeat must be positive");
        }
    }

    /** With the default injection settings. */
    public ApiServerOptions(String bindAddress, int port, Path dataDir, String adminToken, Duration watchHeartbeat,
                            ApiTlsOptions tls, JsonPatchLimits patchLimits, ServiceCidr serviceCidr,
                            EmbeddedGateway embeddedGateway, EmbeddedEgressGateway embeddedEgressGateway) {
        this(bindAddress, port, dataDir, adminToken, watchHeartbeat, tls, patchLimits, serviceCidr, embeddedGateway,
                embeddedEgressGateway, null);
    }

    public ApiServerOptions withInjection(InjectionSettings value) {
        return new ApiServerOptions(bindAddress, port, dataDir, adminToken, watchHeartbeat, tls, patchLimits, serviceCidr,
                embeddedGateway, embeddedEgressGateway, value);
    }

    /** Without an embedded egress gateway. */
    public ApiServerOptions(String bindAddress, int port, Path dataDir, String adminToken, Duration watchHeartbeat,
                            ApiTlsOptions tls, JsonPatchLimits patchLimits, ServiceCidr serviceCidr,
                            EmbeddedGateway embeddedGateway) {
        this(bindAddress, port, dataDir, adminToken, watchHeartbeat, tls, patchLimits, serviceCidr, embeddedGateway,
                null);
    }

    /** Without an embedded gateway. */
    public ApiServerOptions(String bindAddress, int port, Path dataDir, String adminToken, Duration watchHeartbeat,
                            ApiTlsOptions tls, JsonPatchLimits patchLimits, ServiceCidr serviceCidr) {
        this(bindAddress, port, dataDir, adminToken, watchHeartbeat, tls, patchLimits, serviceCidr, null);
    }

    /** With {@link ApiTlsOptions#auto()}: plain HTTP on loopback, HTTPS beyond. */
    public ApiServerOptions(String bindAddress, int port, Path dataDir, String adminToken, Duration watchHeartbeat) {
        this(bindAddress, port, dataDir, adminToken, watchHeartbeat, ApiTlsOptions.auto(), JsonPatchLimits.DEFAULT,
                ServiceCidr.DEFAULT);
    }

    /** Loopback, the given port and data directory, no supplied admin token, 15 s heartbeats. */
    public static ApiServerOptions of(int port, Path dataDir) {
        return new ApiServerOptions("127.0.0.1", port, dataDir, null, Duration.ofSeconds(15));
    }

    public ApiServerOptions withAdminToken(String value) {
        return new ApiServerOptions(bindAddress, port, dataDir, value, watchHeartbeat, tls, patchLimits, serviceCidr,
                embeddedGateway, embeddedEgressGateway, injection);
    }

    public ApiServerOptions withBindAddress(String value) {
        return new ApiServerOptions(value, port, dataDir, adminToken, watchHeartbeat, tls, patchLimits, serviceCidr,
                embeddedGateway, embeddedEgressGateway, injection);
    }

    public ApiServerOptions withWatchHeartbeat(Duration value) {
        return new ApiServerOptions(bindAddress, port, dataDir, adminToken, value, tls, patchLimits, serviceCidr,
                embeddedGateway, embeddedEgressGateway, injection);
    }

    public ApiServerOptions withTls(ApiTlsOptions value) {
        return new ApiServerOptions(bindAddress, port, dataDir, adminToken, watchHeartbeat, value, patchLimits,
                serviceCidr, embeddedGateway, embeddedEgressGateway, injection);
    }

    public ApiServerOptions withServiceCidr(ServiceCidr value) {
        return new ApiServerOptions(bindAddress, port, dataDir, adminToken, watchHeartbeat, tls, patchLimits, value,
                embeddedGateway, embeddedEgressGateway, injection);
    }

    public ApiServerOptions withPatchLimits(JsonPatchLimits value) {
        return new ApiServerOptions(bindAddress, port, dataDir, adminToken, watchHeartbeat, tls, value, serviceCidr,
                embeddedGateway, embeddedEgressGateway, injection);
    }

    public ApiServerOptions withEmbeddedGateway(EmbeddedGateway value) {
        return new ApiServerOptions(bindAddress, port, dataDir, adminToken, watchHeartbeat, tls, patchLimits, serviceCidr,
                value, embeddedEgressGateway, injection);
    }

    public ApiServerOptions withEmbeddedEgressGateway(EmbeddedEgressGateway value) {
        return new ApiServerOptions(bindAddress, port, dataDir, adminToken, watchHeartbeat, tls, patchLimits, serviceCidr,
                embeddedGateway, value, injection);
    }
}
