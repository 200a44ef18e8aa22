package io.meshgate.standalone;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.meshgate.api.ApiServer;
import io.meshgate.api.ApiServerOptions;
import io.meshgate.api.ApiTlsOptions;
import io.meshgate.ca.CertificateAuthority;
import io.meshgate.kube.CaBundleConfigMap;
import io.meshgate.kube.CaSecret;
import io.meshgate.kube.ClusterTrustKeeper;
import io.meshgate.kube.WebhookCaBundles;
import io.meshgate.api.ClusterBinding;
import io.meshgate.api.ControllerSignals;
import io.meshgate.api.ExpectedActors;
import io.meshgate.api.ObservedChangeAudit;
import io.meshgate.api.ObservedWatchEvents;
import io.meshgate.db.Database;
import io.meshgate.ingress.IngressSettings;
import io.meshgate.kube.ClusterControlPlane;
import io.meshgate.kube.LeaderElection;
import io.meshgate.kube.ObservedChange;
import io.meshgate.kube.TokenReviewer;
import io.meshgate.reconcile.TranslatorRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code meshgate up --mode kubernetes}: the control plane with the cluster as the store. Informers
 * over every kind feed the one reconciler with every translator ({@link ClusterControlPlane}); sidecars
 * and gateways that register with this API get their configs from what the cluster holds; the leader
 * writes statuses to the objects and records every change observed in the audit history
 * ({@link ObservedChangeAudit}, {@link LeaderOnlyAudit}); every replica's watch follows them. The
 * database keeps API tokens, proxy registrations and the audit history. No embedded proxy runs: on a cluster the gateways are Deployments of their own.
 */
final class KubernetesStack implements RunningStack {
    private static final System.Logger LOG = System.getLogger(KubernetesStack.class.getName());
    /** A pod that cannot list the cluster in this time exits, and its restart tries again. */
    static final Duration FIRST_SYNC = Duration.ofMinutes(2);
    /** In the data directory: the mesh CA certificate the console trusts (the key stays in the cluster). */
    static final String CA_TRUST_FILE = "cluster-ca.crt";

    private final StandaloneOptions options;
    private final ModeOptions mode;
    private final Database db;
    private final KubernetesClient client;
    private final ClusterControlPlane cluster;
    private final ApiServer api;
    private final ClusterTrustKeeper trust;
    private final Path caTrustFile;

    private KubernetesStack(StandaloneOptions options, ModeOptions mode, KubernetesClient client) {
        this.options = options;
        this.mode = mode;
        this.client = client;
        // first: a CA Secret that cannot be used stops the start before anything else is opened or written
        CertificateAuthority ca = ClusterCertificateAuthority.loadOrCreate(
                new CaSecret(client, mode.namespace(), mode.trust().caSecret()), Clock.systemUTC());
        ApiServerOptions apiOptions = withClusterDomainNames(Standalone.apiOptions(options));
        Database openedDb = Database.open(mode.database().config(options.dataDir()));
        ClusterControlPlane startedCluster = null;
        ApiServer startedApi = null;
        try {
            ExpectedActors actors = new ExpectedActors(Clock.systemUTC());
            ObservedChangeAudit audit = new ObservedChangeAudit(openedDb.resources(), openedDb.audit(), actors);
            ObservedWatchEvents watchEvents = ObservedWatchEvents.startingNow();
            LeaderOnlyAudit leaderAudit = new LeaderOnlyAudit(audit, LeaderOnlyAudit.DEFAULT_CAPACITY);
            // the certificate controllers look again after each observed change, and run on the leader only
            ControllerSignals controllerSignals = new ControllerSignals();
            startedCluster = new ClusterControlPlane(client, mode.namespace(), mode.leaseName(),
                    LeaderElection.defaultIdentity(), mode.timing(), change -> {
                        watch(watchEvents, change);
                        leaderAudit.observed(change);
                        controllerSignals.changed();
                    })
                    .onLeadership(controllerSignals::leadership)
                    .onLeadership(leaderAudit::leading)
                    .start(FIRST_SYNC);
            startedApi = ApiServer.start(openedDb, apiOptions,
                    TranslatorRegistry.standard(IngressSettings.of(options.bind(), options.httpPort(),
                            options.httpsPort()), options.effectivePublicAddress()),
                    new ClusterBinding(startedCluster.source(), startedCluster.statusSink(),
                            new ClusterResourceReads(startedCluster.informers()), new ClusterObjectWriter(client), actors,
                            controllerSignals, ca,
                            new ClusterServiceAccountTokens(new TokenReviewer(client, TokenReviewer.DEFAULT_TIMEOUT)),
                            watchEvents, mode.egressGateway()));
            this.caTrustFile = writeCaTrustFile(options.dataDir(), ca);
            this.trust = trustKeeper(client, mode, ca, startedApi.tls() ? apiOptions.tls() : null).start();
            this.api = startedApi;
        } catch (RuntimeException e) {
            if (startedApi != null) {
                startedApi.close();
            }
            if (startedCluster != null) {
                startedCluster.close();
            }
            openedDb.close();
            throw e;
        }
        this.cluster = startedCluster;
        this.db = openedDb;
    }

    /**
     * The API's options with, for each certificate name of a Service ({@code <service>.<namespace>.svc},
     * from --controller-service or --api-tls-san), its {@code .svc.cluster.local} form too: the API server
     * dials the webhooks at the first, clients configured with the full name the second.
     */
    static ApiServerOptions withClusterDomainNames(ApiServerOptions apiOptions) {
        ApiTlsOptions tls = apiOptions.tls();
        Set<String> names = new LinkedHashSet<>(tls.extraNames());
        for (String name : tls.extraNames()) {
            if (name.endsWith(".svc")) {
                names.add(name + ".cluster.local");
            }
        }
        return apiOptions.withTls(new ApiTlsOptions(tls.mode(), tls.insecureAllowPlaintext(), tls.certFile(),
                tls.keyFile(), List.copyOf(names)));
    }

    /**
     * The ConfigMap {@code meshgate-ca-bundle}, and with --webhook-cert-source controlPlane the webhooks'
     * caBundle; {@code servedTls} (null for plain HTTP) gives the names to check the webhooks' hosts against.
     */
    private static ClusterTrustKeeper trustKeeper(KubernetesClient client, ModeOptions mode, CertificateAuthority ca,
                                                  ApiTlsOptions servedTls) {
        ClusterTrust settings = mode.trust();
        WebhookCaBundles webhooks = settings.controlPlaneCerts()
                ? new WebhookCaBundles(client, settings.injectorWebhook(), settings.validatingWebhook()) : null;
        // with an operator's (cert-manager's) certificate the CA is not what the webhooks' callers check
        Set<String> servingNames = servedTls == null || servedTls.certFile() != null ? null
                : Set.copyOf(servedTls.extraNames());
        return new ClusterTrustKeeper(new CaBundleConfigMap(client, mode.namespace()), webhooks, ca.caPem(),
                servingNames, ClusterTrustKeeper.CHECK_INTERVAL);
    }

    /** The CA certificate (never the key) for this pod's console to trust the API: {@value #CA_TRUST_FILE}. */
    private static Path writeCaTrustFile(Path dataDir, CertificateAuthority ca) {
        Path file = dataDir.resolve(CA_TRUST_FILE);
        try {
            Files.createDirectories(dataDir);
            Files.writeString(file, ca.caPem(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the mesh CA certificate to " + file, e);
        }
        return file;
    }

    /** Connects to the cluster (the kubeconfig given, else fabric8's automatic configuration) and starts. */
    static KubernetesStack start(StandaloneOptions options, ModeOptions mode) {
        KubernetesClient client = client(mode.kubeconfig());
        try {
            return start(options, mode, client);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** Starts on {@code client}, which the stack closes with itself. */
    static KubernetesStack start(StandaloneOptions options, ModeOptions mode, KubernetesClient client) {
        return new KubernetesStack(options, mode, client);
    }

    private static KubernetesClient client(Path kubeconfig) {
        KubernetesClientBuilder builder = new KubernetesClientBuilder();
        if (kubeconfig != null) {
            try {
                builder.withConfig(Config.fromKubeconfig(Files.readString(kubeconfig)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the kubeconfig " + kubeconfig, e);
            }
        }
        return builder.build();
    }

    /** The watch's event first: the audit's database write is slower and must not delay live lists. */
    private static void watch(ObservedWatchEvents events, ObservedChange change) {
        try {
            events.observed(change.kind(), change.namespace(), change.name(), change.beforeJson(), change.afterJson());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cannot pass the observed change of " + change.kind() + " " + change.namespace()
                    + "/" + change.name() + " to the watch", e);
        }
    }

    /** What keeps the ConfigMap and the webhooks' caBundle right (tests check at once). */
    ClusterTrustKeeper trust() {
        return trust;
    }

    /** The cluster side (tests wait on its leadership and status writes). */
    ClusterControlPlane cluster() {
        return cluster;
    }

    @Override
    public ApiServer api() {
        return api;
    }

    @Override
    public int apiPort() {
        return api.port();
    }

    @Override
    public Path apiTrustFile() {
        if (!api.tls()) {
            return null;
        }
        // the operator's certificate (cert-manager's), else the mesh CA of the cluster's Secret
        return options.apiTls().certFile() != null ? options.apiTls().certFile() : caTrustFile;
    }

    @Override
    public void printBanner(PrintStream out) {
        out.println("meshgate: mode           kubernetes (the cluster is the store; Lease " + mode.namespace() + "/"
                + mode.leaseName() + ")");
        out.println("meshgate: database       " + mode.database() + (mode.database().postgresql() ? ""
                : " in " + options.dataDir().toAbsolutePath().normalize()));
        out.println("meshgate: admin API      " + api.scheme() + "://" + options.bind() + ":" + apiPort()
                + "/api/v1 (OpenAPI at /openapi)");
        out.println("meshgate: mesh CA        Secret " + mode.namespace() + "/" + mode.trust().caSecret()
                + " (certificate in ConfigMap " + mode.namespace() + "/" + CaBundleConfigMap.NAME + ")");
        out.println("meshgate: admin token    " + api.adminTokenLocation());
        out.println("meshgate: ready");
        out.flush();
    }

    @Override
    public void close() {
        trust.close();
        try {
            api.close();
        } finally {
            try {
                cluster.close();
            } finally {
                try {
                    db.close();
                } finally {
                    client.close();
                }
            }
        }
    }
}
