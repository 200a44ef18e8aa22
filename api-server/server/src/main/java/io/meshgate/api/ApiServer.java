package io.meshgate.api;

import io.helidon.common.tls.Tls;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.meshgate.api.distribution.ProxySyncBoard;
import io.meshgate.api.reconcile.StoreSnapshotSource;
import io.meshgate.api.reconcile.StoreStatusSink;
import io.meshgate.api.traffic.TrafficSampler;
import io.meshgate.reconcile.ProxyIdentity;
import io.meshgate.reconcile.Reconciler;
import io.meshgate.reconcile.TranslatorRegistry;
import io.meshgate.egress.translator.EgressGatewayIdentity;
import io.meshgate.reconcile.distribution.ConfigBoard;
import io.meshgate.ca.CertificateAuthority;
import io.meshgate.ca.ServerKeyMaterial;
import io.meshgate.db.Database;
import io.meshgate.resources.KindRegistry;
import io.meshgate.resources.ResourceCodec;
import io.meshgate.resources.ResourceValidator;
import io.meshgate.sidecar.translator.Workload;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * The admin API on a Helidon SE web server. Requests run on virtual threads, so the blocking
 * store calls are fine here. Building ({@link #create}) only wires things; {@link #start()}
 * bootstraps first-start state, starts the background loops (reconciler, certificate issuer,
 * endpoints controller) and listens; {@link #close} stops all of it.
 * {@link #start(Database, ApiServerOptions)} does both.
 *
 * <p>Routing: each family of routes is an {@link ApiService} mounted on the Helidon routing;
 * {@link RequestMetricsFilter} and {@link AuthenticationFilter} run before every route, and
 * {@link ProblemResponses} turns what they throw into problem documents.
 */
public final class ApiServer implements AutoCloseable {
    /** Largest request body: the resource codec limits one document to 5 MiB; a batch may hold several. */
    private static final long MAX_PAYLOAD = 32L * 1024 * 1024;
    /**
     * How long the reconciler gathers changes before a pass. Standalone: an apply writes all its
     * documents (an Ingress with its Service) in one commit, so a few ms only gather commits landing
     * together (concurrent clients, a script's back-to-back requests); related objects sent in
     * separate requests could publish apart with any debounce, 100 ms included. Kubernetes mode:
     * informers deliver objects one by one, so a longer wait keeps an Ingress from publishing before
     * the Service applied with it. docs/benchmarks.md ("2026-12-07, scale") has the measurements.
     */
    private static final Duration STANDALONE_RECONCILE_DEBOUNCE = Duration.ofMillis(10);
    private static final Duration CLUSTER_RECONCILE_DEBOUNCE = Duration.ofMillis(100);

    private final Database db;
    private final ApiServerOptions options;
    private final WebServer server;
    private final RevisionSignal signal;
    /** Wakes watches: {@link #signal} over the store, its own over the informers' events in Kubernetes mode. */
    private final RevisionSignal watchSignal;
    private final WatchEvents watchEvents;
    private final java.util.function.LongConsumer watchListener;
    private final LongConsumer commitListener;
    private final KindRegistry kinds;
    private final ResourceWrites writes;
    private final ResourceCodec codec;
    private final ApiMetrics metrics = new ApiMetrics();
    private final ConfigBoard configs = new ConfigBoard();
    private final Reconciler reconciler;
    private final CertificateAuthority ca;
    private final WorkloadCertificateCache workloadCertificates;
    private final SidecarAdminRelay adminRelay;
    private final IngressGatewayCertificates ingressGatewayCertificates;
    private final AccessCertController accessCerts;
    private final EndpointsController endpointsController;
    /** Null without an embedded egress gateway. */
    private final EmbeddedEgressGatewayService embeddedEgressService;
    private final List<ApiService> services;
    private final RejectedWriteAudit rejectedWrites;
    private final boolean tls;
    /** Null in standalone mode (the store is the source); the cluster's seams in Kubernetes mode. */
    private final ClusterBinding cluster;
    /** Kubernetes mode with a TokenReview: pods' service-account tokens authenticate sidecars; else null. */
    private final ServiceAccountAuth serviceAccountAuth;
    private String adminTokenLocation;
    private boolean started;

    private ApiServer(Database db, ApiServerOptions options, TranslatorRegistry translators, Clock clock,
                      ClusterBinding cluster) {
        // before anything is built: a refused setup must fail with its own message, not a side effect
        ApiTransportPolicy.Transport transport = ApiTransportPolicy.decide(options.bindAddress(), options.tls().mode(),
                options.tls().insecureAllowPlaintext());
        if (transport == ApiTransportPolicy.Transport.REFUSE) {
            throw new IllegalStateException(ApiTransportPolicy.refusal(options.bindAddress()));
        }
        this.tls = transport == ApiTransportPolicy.Transport.TLS;
        this.db = db;
        this.options = options;
        this.kinds = KindRegistry.standard();
        this.codec = new ResourceCodec();
        StoredBodies bodies = new StoredBodies(codec);
        this.writes = new ResourceWrites(db.resources(), kinds, new ResourceValidator(kinds), codec, bodies,
                metrics::storeWrite, options.patchLimits(), new ClusterIps(options.serviceCidr()));
        this.signal = new RevisionSignal(db.resources().currentRevision());
        this.commitListener = signal::committed;
        // Kubernetes mode: the CA all replicas share (the cluster's Secret); else the data directory's
        this.ca = cluster != null && cluster.ca() != null ? cluster.ca()
                : CertificateAuthority.loadOrCreate(caDirectory(options), clock);
        this.workloadCertificates = new WorkloadCertificateCache(ca, clock);
        this.adminRelay = new SidecarAdminRelay(db.resources(), db.proxies());
        this.cluster = cluster;
        if (cluster != null && cluster.watchEvents() != null) {
            this.watchEvents = cluster.watchEvents();
            this.watchSignal = new RevisionSignal(watchEvents.current());
            this.watchListener = watchSignal::committed;
        } else {
            this.watchEvents = WatchEvents.of(db.events(), db.resources());
            this.watchSignal = signal;
            this.watchListener = null;
        }
        this.serviceAccountAuth = cluster == null || cluster.serviceAccountTokens() == null ? null
                : new ServiceAccountAuth(cluster.serviceAccountTokens(), clock);
        StoreSnapshotSource snapshots = new StoreSnapshotSource(db.resources(), db.events(), kinds.kindNames());
        this.reconciler = new Reconciler(cluster != null ? cluster.source() : snapshots,
                () -> db.proxies().list().stream().map(p -> new ProxyIdentity(p.name(), p.kind())).toList(),
                withSidecars(translators), configs, metrics,
                cluster != null ? CLUSTER_RECONCILE_DEBOUNCE : STANDALONE_RECONCILE_DEBOUNCE, cluster != null ? cluster.statusSink()
                : new StoreStatusSink(db.resources(), snapshots, new ReconcilerStatusWrite(writes, kinds),
                Clock.systemUTC()));
        // the certificate controllers follow the mode: the store, or the cluster (leader only)
        ControllerMode controllerMode = cluster == null ? new StoreControllerMode(db.resources(), writes)
                : new ClusterControllerMode(cluster.reads(), cluster.writer(), cluster.actors(), cluster.controllerSignals());
        this.ingressGatewayCertificates = new IngressGatewayCertificates(controllerMode, writes, codec, ca, clock,
                IngressGatewayCertificates.CHECK_INTERVAL);
        this.accessCerts = new AccessCertController(controllerMode, writes, codec, ca, clock,
                AccessCertController.CHECK_INTERVAL);
        this.endpointsController = new EndpointsController(db.resources(), db.events(), writes, codec);
        this.embeddedEgressService = options.embeddedEgressGateway() == null ? null
                : new EmbeddedEgressGatewayService(db.resources(), writes, codec, options.embeddedEgressGateway());
        this.rejectedWrites = new RejectedWriteAudit(db.audit(), kinds, new RefusedWriteLimiter(clock),
                metrics::refusedWriteSuppressed);
        // the mode's one source of truth for every read of resources the API serves
        ResourceReads reads = cluster != null ? cluster.reads() : ResourceReads.of(db.resources());
        this.services = List.of(
                new ReadinessService(db),
                new OpenApiService(),
                new MetricsService(metrics),
                new DiscoveryService(kinds),
                new ApplyService(codec, writes),
                new AuditService(db.audit(), writes),
                new TokenService(db.tokens()),
                new ProxyService(db.proxies(), configs, new ProxySyncBoard(Clock.systemUTC()), reconciler,
                        new SidecarFacts(reads, workloadCertificates::notAfter), adminRelay,
                        new EgressGatewayRegistration(egressGateway(cluster), db.resources(), db.proxies(), reconciler)),
                new WatchService(watchEvents, watchSignal, kinds, bodies, options.watchHeartbeat()),
                new CaService(ca),
                new CertificateService(ca, db.resources()),
                new WhoamiService(),
                new WorkloadService(db.resources(), db.proxies(), writes, codec, reconciler, cluster == null ? null
                        : new ClusterPodWorkloads(reads, db.resources(), db.proxies(), ClusterPodWorkloads.POD_WAIT)),
                new AdmissionWebhookService(reads, kinds, new ResourceValidator(kinds), codec,
                        options.injection().withCaPem(ca.caPem())),
                new TrafficSplitTrafficService(reads,
                        new ProxyStatsReader(db.proxies(), adminRelay, new TrafficSampler(clock))),
                // last below /api/v1: its /{plural} would take the first segment of every service above
                new ResourceService(reads, codec, bodies, writes, kinds));
        if (cluster != null) {
            writes.writeToCluster(new ClusterResourceWrites(cluster.writer(), writes, codec, bodies, cluster.actors()));
        }
        WebServerConfig.Builder builder = WebServer.builder()
                .host(options.bindAddress())
                .port(options.port())
                .maxPayloadSize(MAX_PAYLOAD)
                .shutdownHook(false)
                .routing(this::routes);
        if (tls) {
            ServerKeyMaterial key = ApiServerCertificate.load(ca, options.bindAddress(), options.tls());
            builder.tls(Tls.builder().privateKey(key.privateKey()).privateKeyCertChain(key.chain()).build());
        }
        this.server = builder.build();
    }

    /**
     * Builds and {@link #start() starts} a server. The caller keeps ownership of {@code db} and
     * closes it after this server.
     */
    public static ApiServer start(Database db, ApiServerOptions options) {
        return start(db, options, TranslatorRegistry.standard());
    }

    /** Like {@link #start(Database, ApiServerOptions)} with the translators that build proxy configs. */
    public static ApiServer start(Database db, ApiServerOptions options, TranslatorRegistry translators) {
        return start(db, options, translators, Clock.systemUTC());
    }

    /** Like {@link #start(Database, ApiServerOptions, TranslatorRegistry)} with the clock certificates follow. */
    static ApiServer start(Database db, ApiServerOptions options, TranslatorRegistry translators, Clock clock) {
        ApiServer server = create(db, options, translators, clock);
        try {
            return server.start();
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
    }

    /**
     * Builds a server without starting anything: no thread runs, nothing listens and the store is
     * only read (loading the mesh CA creates it in the data directory at the first start).
     */
    public static ApiServer create(Database db, ApiServerOptions options, TranslatorRegistry translators) {
        return create(db, options, translators, Clock.systemUTC());
    }

    static ApiServer create(Database db, ApiServerOptions options, TranslatorRegistry translators, Clock clock) {
        return new ApiServer(db, options, translators, clock, null);
    }

    /**
     * Builds and starts a server in Kubernetes mode: the reconciler reads {@code cluster} and writes
     * statuses there, and the store's object-making controllers stay off ({@link ClusterBinding}).
     */
    public static ApiServer start(Database db, ApiServerOptions options, TranslatorRegistry translators,
                                  ClusterBinding cluster) {
        ApiServer server = new ApiServer(db, options, translators, Clock.systemUTC(), java.util.Objects.requireNonNull(
                cluster, "cluster"));
        try {
            return server.start();
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
    }

    /** True in Kubernetes mode (the cluster is the store). */
    public boolean clusterMode() {
        return cluster != null;
    }

    /**
     * Bootstraps first-start state (admin token, default MeshConfig), describes the embedded gateways
     * (Services {@code fsm-system/fsm-ingress} and {@code fsm-system/fsm-egress-gateway}, when there are
     * ones), starts the reconcile loop, the
     * certificate issuer and the endpoints controller, and starts listening. Once per server.
     *
     * @return this server
     */
    public synchronized ApiServer start() {
        if (started) {
            throw new IllegalStateException("the API server is already started");
        }
        started = true;
        db.resources().addCommitListener(commitListener);
        // commits made since the signal was built (the bootstrap's below is after the subscription)
        signal.committed(db.resources().currentRevision());
        adminTokenLocation = Bootstrap.adminToken(db, options);
        if (cluster == null) {
            // on a cluster, the MeshConfig is the chart's, Services and their IPs Kubernetes'
            Bootstrap.meshConfig(db, writes);
            EmbeddedGatewayService.ensure(db.resources(), writes, codec, options.embeddedGateway());
            if (embeddedEgressService != null) {
                embeddedEgressService.start(); // after the MeshConfig: its port is the gateway's
            }
            ClusterIpBackfill.run(db.resources(), writes, codec);
        }
        // a certificate falling due is a reason to translate again, like a store commit
        workloadCertificates.start(reconciler::markDirty);
        reconciler.start();
        ingressGatewayCertificates.start();
        accessCerts.start();
        if (cluster == null) {
            endpointsController.start(); // on a cluster, Kubernetes' endpoint slice controller does this
        }
        if (watchEvents instanceof ObservedWatchEvents observed) {
            observed.addListener(watchListener);
            watchSignal.committed(observed.current()); // events observed since the signal was built
        }
        server.start();
        return this;
    }

    /**
     * The translators with mesh sidecars' and egress gateways' configs built on this server's CA, unless
     * the caller chose a translator of its own for them (tests).
     */
    private TranslatorRegistry withSidecars(TranslatorRegistry translators) {
        TranslatorRegistry withSidecars = translators.has(Workload.PROXY_KIND) ? translators
                : translators.withSidecars(workloadCertificates);
        // the egress gateway's certificate comes from the same issuer, with the same rotation
        if (withSidecars.has(EgressGatewayIdentity.PROXY_KIND)) {
            return withSidecars;
        }
        // an egress gateway embedded beside this server listens on the server's bind address only
        EmbeddedEgressGateway embedded = options.embeddedEgressGateway();
        return embedded == null ? withSidecars.withEgressGateways(workloadCertificates)
                : withSidecars.withEgressGateways(workloadCertificates, embedded.listenAddress());
    }

    /**
     * Relays {@code GET /api/v1/proxies/{name}/admin/{page}} for proxy {@code name}, which runs in
     * this process, to its kernel's admin listener at {@code adminBase} (e.g. {@code http://127.0.0.1:15000}).
     */
    public void serveProxyAdminInProcess(String name, java.net.URI adminBase) {
        adminRelay.serveInProcess(name, adminBase);
    }

    /** Where the mesh CA keeps {@code ca.crt} and {@code ca.key}: {@code <data dir>/ca}. */
    public static Path caDirectory(ApiServerOptions options) {
        return options.dataDir().resolve("ca");
    }

    /** The issuer of the MeshConfig's ingress gateway certificate (tests ask it to check now). */
    IngressGatewayCertificates ingressGatewayCertificates() {
        return ingressGatewayCertificates;
    }

    /** The AccessCert controller (tests ask it to check now). */
    AccessCertController accessCerts() {
        return accessCerts;
    }

    /** Every route the server serves (method and path template), from its services' declarations. */
    List<ApiRoute> routeTable() {
        return RouteTable.of(services);
    }

    /** The reconcile loop (to wait for a revision in tests, or read translator statuses). */
    public Reconciler reconciler() {
        return reconciler;
    }

    /** True when the API serves HTTPS (with a mesh-CA or operator certificate), false for plain HTTP. */
    public boolean tls() {
        return tls;
    }

    /** {@code https} or {@code http}. */
    public String scheme() {
        return tls ? "https" : "http";
    }

    /**
     * The port the embedded egress gateway listens on now, MeshConfig {@code spec.egressGateway.port} (what its
     * Service and Endpoints name); -1 without an embedded egress gateway.
     */
    public int embeddedEgressGatewayPort() {
        return embeddedEgressService == null ? -1 : embeddedEgressService.listeningPort();
    }

    /** The bound port (useful with port 0), once started. */
    public int port() {
        return server.port();
    }

    /** Where the bootstrap admin token is: a file path, "MESHGATE_ADMIN_TOKEN", or a note; null before {@link #start()}. */
    public synchronized String adminTokenLocation() {
        return adminTokenLocation;
    }

    @Override
    public synchronized void close() {
        adminRelay.close();
        ingressGatewayCertificates.close();
        accessCerts.close();
        workloadCertificates.close();
        endpointsController.close();
        if (embeddedEgressService != null) {
            embeddedEgressService.close();
        }
        configs.close();
        reconciler.close();
        signal.close();
        if (watchEvents instanceof ObservedWatchEvents observed) {
            observed.removeListener(watchListener);
            watchSignal.close();
        }
        db.resources().removeCommitListener(commitListener);
        if (started) {
            server.stop();
        }
        rejectedWrites.close();
    }

    /** Kubernetes mode's egress gateway service account, when one is configured (and sidecars use TokenReview). */
    private static EgressGatewayServiceAccount egressGateway(ClusterBinding cluster) {
        return cluster == null || cluster.serviceAccountTokens() == null ? null : cluster.egressGateway();
    }

    private void routes(HttpRouting.Builder routing) {
        routing.addFilter(new RequestMetricsFilter(metrics))
                .addFilter(new AuthenticationFilter(new BearerAuth(db.tokens(), serviceAccountAuth),
                        new ProxyAuth(db.proxies(), db.tokens()), egressGateway(cluster)));
        for (ApiService service : services) {
            routing.register(service.mountPath(), service);
        }
        routing.any(Endpoints.adapt(Endpoints.NO_SUCH_PATH));
        new ProblemResponses(rejectedWrites).register(routing);
    }
}
