package io.meshgate.standalone;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.meshgate.api.ApiServer;
import io.meshgate.api.ClusterBinding;
import io.meshgate.api.ExpectedActors;
import io.meshgate.api.ObservedChangeAudit;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * {@code meshgate up --mode kubernetes}: the control plane with the cluster as the store. Informers
 * over every kind feed the one reconciler with every translator ({@link ClusterControlPlane}); sidecars
 * and gateways that register with this API get their configs from what the cluster holds; the leader
 * writes statuses to the objects; every change observed is recorded in the audit history
 * ({@link ObservedChangeAudit}). The database keeps API tokens, proxy registrations and the audit
 * history. No embedded proxy runs: on a cluster the gateways are Deployments of their own.
 */
final class KubernetesStack implements RunningStack {
    private static final System.Logger LOG = System.getLogger(KubernetesStack.class.getName());
    /** A pod that cannot list the cluster in this time exits, and its restart tries again. */
    static final Duration FIRST_SYNC = Duration.ofMinutes(2);

    private final StandaloneOptions options;
    private final ModeOptions mode;
    private final Database db;
    private final KubernetesClient client;
    private final ClusterControlPlane cluster;
    private final ApiServer api;

    private KubernetesStack(StandaloneOptions options, ModeOptions mode, KubernetesClient client) {
        this.options = options;
        this.mode = mode;
        this.client = client;
        Database openedDb = Database.open(mode.database().config(options.dataDir()));
        ClusterControlPlane startedCluster = null;
        try {
            ExpectedActors actors = new ExpectedActors(Clock.systemUTC());
            ObservedChangeAudit audit = new ObservedChangeAudit(openedDb.resources(), openedDb.audit(), actors);
            startedCluster = new ClusterControlPlane(client, mode.namespace(), mode.leaseName(),
                    LeaderElection.defaultIdentity(), mode.timing(), change -> record(audit, change))
                    .start(FIRST_SYNC);
            this.api = ApiServer.start(openedDb, Standalone.apiOptions(options),
                    TranslatorRegistry.standard(IngressSettings.of(options.bind(), options.httpPort(),
                            options.httpsPort()), options.effectivePublicAddress()),
                    new ClusterBinding(startedCluster.source(), startedCluster.statusSink(),
                            new ClusterResourceReads(startedCluster.informers()), new ClusterObjectWriter(client), actors,
                            new ClusterServiceAccountTokens(new TokenReviewer(client, TokenReviewer.DEFAULT_TIMEOUT))));
        } catch (RuntimeException e) {
            if (startedCluster != null) {
                startedCluster.close();
            }
            openedDb.close();
            throw e;
        }
        this.cluster = startedCluster;
        this.db = openedDb;
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

    private static void record(ObservedChangeAudit audit, ObservedChange change) {
        try {
            audit.record(change.kind(), change.namespace(), change.name(), change.beforeJson(), change.afterJson(),
                    change.actor(), change.resourceVersion(), change.statusOnly());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cannot record the observed change of " + change.kind() + " "
                    + change.namespace() + "/" + change.name() + " in the audit history", e);
        }
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
        return api.tls() ? options.apiTrustFile() : null;
    }

    @Override
    public void printBanner(PrintStream out) {
        out.println("meshgate: mode           kubernetes (the cluster is the store; Lease " + mode.namespace() + "/"
                + mode.leaseName() + ")");
        out.println("meshgate: database       " + mode.database() + (mode.database().postgresql() ? ""
                : " in " + options.dataDir().toAbsolutePath().normalize()));
        out.println("meshgate: admin API      " + api.scheme() + "://" + options.bind() + ":" + apiPort()
                + "/api/v1 (OpenAPI at /openapi)");
        out.println("meshgate: admin token    " + api.adminTokenLocation());
        out.println("meshgate: ready");
        out.flush();
    }

    @Override
    public void close() {
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
