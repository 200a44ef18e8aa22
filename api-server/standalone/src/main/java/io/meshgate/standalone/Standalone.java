package io.meshgate.standalone;

import io.meshgate.api.ApiServer;
import io.meshgate.api.ApiServerOptions;
import io.meshgate.api.ApiTlsOptions;
import io.meshgate.api.EmbeddedEgressGateway;
import io.meshgate.proxy.ConfigAgent;
import io.meshgate.proxy.ProxyProcess;
import io.meshgate.reconcile.TranslatorRegistry;
import io.meshgate.db.Database;
import io.meshgate.db.DatabaseConfig;
import io.meshgate.kernel.Kernel;
import io.meshgate.kernel.KernelWarmUp;
import io.meshgate.ingress.IngressSettings;
import io.meshgate.kernel.KernelOptions;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.time.Duration;

/**
 * The standalone stack in one JVM ({@code bin/meshgate up}): the database in the data directory,
 * the admin API, an embedded proxy kernel and, with {@code --embedded-egress-gateway}, the mesh's egress
 * gateway ({@link EmbeddedEgressProxy}). The kernel is the registered proxy
 * {@code ingress-gateway} and follows its config like any remote proxy ({@link EmbeddedProxy}); it
 * starts from its last good config, so it serves even before the API answers.
 */
public final class Standalone implements RunningStack {
    private final Database db;
    private final ApiServer api;
    private final Kernel kernel;
    private final ConfigAgent agent;
    /** The embedded egress gateway, or null when it is off. */
    private final ProxyProcess egressGateway;
    private final StandaloneOptions options;

    private Standalone(StandaloneOptions options) {
        this.options = options;
        // before anything else: the JIT then compiles the proxy path alone, and /readyz still means that the
        // API answers and the gateway is about to serve, as without a warm-up
        KernelWarmUp.run(KernelOptions.defaults().effectiveIoThreads(), options.kernelWarmUp());
        Database openedDb = Database.open(DatabaseConfig.h2File(options.dataDir()));
        ApiServer startedApi = null;
        Kernel startedKernel = null;
        ConfigAgent startedAgent = null;
        try {
            startedApi = ApiServer.start(openedDb, apiOptions(options).withEmbeddedGateway(options.embeddedGateway())
                            .withEmbeddedEgressGateway(options.embeddedEgressGateway()),
                    TranslatorRegistry.standard(IngressSettings.of(options.bind(), options.httpPort(), options.httpsPort()),
                            options.effectivePublicAddress()));
            startedKernel = Kernel.start(KernelOptions.defaults().withAdmin(options.bind(), options.kernelAdminPort())
                            .withHostsFile(options.hostsFile()), EmbeddedProxy.initialConfig(options.dataDir()));
            // GET /api/v1/proxies/ingress-gateway/admin/{page}: the kernel in this process
            if (startedKernel.adminPort() > 0) {
                startedApi.serveProxyAdminInProcess(EmbeddedProxy.NAME, URI.create("http://"
                        + EmbeddedProxy.localHost(options.bind()) + ":" + startedKernel.adminPort()));
            }
            startedAgent = EmbeddedProxy.follow(openedDb.proxies(), options.dataDir(), apiUrl(options, startedApi),
                    startedApi.tls() ? options.apiTrustFile() : null, startedKernel);
            this.egressGateway = options.egressGateway().enabled() ? startEgressGateway(options, openedDb, startedApi)
                    : null;
            this.agent = startedAgent;
            this.kernel = startedKernel;
        } catch (RuntimeException e) {
            if (startedAgent != null) {
                startedAgent.close();
            }
            if (startedKernel != null) {
                startedKernel.shutdown(Duration.ofSeconds(1));
            }
            if (startedApi != null) {
                startedApi.close();
            }
            openedDb.close();
            throw e;
        }
        this.db = openedDb;
        this.api = startedApi;
    }

    /** The embedded egress gateway, its admin pages served through the API like the ingress kernel's. */
    private static ProxyProcess startEgressGateway(StandaloneOptions options, Database db, ApiServer api) {
        ProxyProcess gateway = EmbeddedEgressProxy.start(db.proxies(), options.dataDir(), apiUrl(options, api),
                api.tls() ? options.apiTrustFile() : null, options.egressGateway().adminPort());
        try {
            if (gateway.kernel().adminPort() > 0) {
                api.serveProxyAdminInProcess(EmbeddedEgressProxy.NAME, URI.create("http://"
                        + EmbeddedEgressProxy.ADMIN_ADDRESS + ":" + gateway.kernel().adminPort()));
            }
            return gateway;
        } catch (RuntimeException e) {
            gateway.close();
            throw e;
        }
    }

    /** The API's options of both modes (no embedded gateway: the standalone stack adds its own). */
    static ApiServerOptions apiOptions(StandaloneOptions options) {
        return new ApiServerOptions(options.bind(), options.apiPort(), options.dataDir(), options.adminToken(),
                Duration.ofSeconds(15), apiTls(options), options.patchLimits(), options.serviceCidr())
                .withInjection(options.injection());
    }

    /** The TLS options, with the public address the certificate must also cover when one is set. */
    private static ApiTlsOptions apiTls(StandaloneOptions options) {
        ApiTlsOptions tls = options.apiTls();
        if (options.publicAddress() == null) {
            return tls;
        }
        // the public address beside the --api-tls-san names, not instead of them
        List<String> names = new java.util.ArrayList<>(tls.extraNames());
        names.add(options.publicAddress());
        return new ApiTlsOptions(tls.mode(), tls.insecureAllowPlaintext(), tls.certFile(), tls.keyFile(), names);
    }

    /** The API as this host's clients reach it (embedded proxy, console): its scheme, a local host, its port. */
    static URI apiUrl(StandaloneOptions options, ApiServer api) {
        return URI.create(api.scheme() + "://" + EmbeddedProxy.localHost(options.bind()) + ":" + api.port());
    }

    /** The API as this host's clients reach it. */
    public URI apiUrl() {
        return apiUrl(options, api);
    }

    /** The CA file clients must trust for {@link #apiUrl()}, or null when the API is plain HTTP. */
    @Override
    public Path apiTrustFile() {
        return api.tls() ? options.apiTrustFile() : null;
    }

    /** Starts everything; the caller owns the result and closes it. */
    public static Standalone start(StandaloneOptions options) {
        return new Standalone(options);
    }

    @Override
    public int apiPort() {
        return api.port();
    }

    public int kernelAdminPort() {
        return kernel.adminPort();
    }

    /** The embedded egress gateway's admin port (-1 when it has none or is off). */
    public int egressGatewayAdminPort() {
        return egressGateway == null ? -1 : egressGateway.kernel().adminPort();
    }

    /** The admin API (tests wait on its reconciler). */
    @Override
    public ApiServer api() {
        return api;
    }

    /** The startup banner: URLs and where the admin token is. */
    @Override
    public void printBanner(PrintStream out) {
        String host = options.bind();
        out.println("meshgate: data directory " + options.dataDir().toAbsolutePath().normalize());
        out.println("meshgate: admin API      " + api.scheme() + "://" + host + ":" + apiPort() + "/api/v1 (OpenAPI at /openapi)"
                + (api.tls() ? ", clients trust " + options.apiTrustFile().toAbsolutePath().normalize() : ""));
        out.println("meshgate: kernel admin   http://" + host + ":" + kernelAdminPort() + "/");
        out.println("meshgate: gateway ports  http " + options.httpPort() + ", https " + options.httpsPort()
                + " (serve once ingress resources are translated)");
        EmbeddedEgressGateway egress = options.embeddedEgressGateway();
        if (egress != null) {
            out.println("meshgate: egress gateway " + egress.listenAddress() + ":" + api.embeddedEgressGatewayPort()
                    + " (MeshConfig spec.egressGateway.port, "
                    + EmbeddedEgressProxy.NAME + ", Service fsm-system/fsm-egress-gateway; serves once an EgressGateway"
                    + " policy names it), admin " + (egressGatewayAdminPort() > 0 ? "http://"
                    + EmbeddedEgressProxy.ADMIN_ADDRESS + ":" + egressGatewayAdminPort() + "/" : "off"));
        }
        out.println("meshgate: admin token    " + api.adminTokenLocation());
        out.println("meshgate: mesh CA        " + options.dataDir().resolve("ca").resolve("ca.crt").toAbsolutePath().normalize()
                + " (GET /api/v1/ca)");
        out.println("meshgate: ready");
        out.flush();
    }

    @Override
    public void close() {
        try {
            if (egressGateway != null) {
                egressGateway.close();
            }
            agent.close();
            kernel.shutdown(Duration.ofSeconds(5));
        } finally {
            try {
                api.close();
            } finally {
                db.close();
            }
        }
    }
}
