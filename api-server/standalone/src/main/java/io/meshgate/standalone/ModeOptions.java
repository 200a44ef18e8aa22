package io.meshgate.standalone;

import io.meshgate.api.EgressGatewayServiceAccount;
import io.meshgate.db.DatabaseConfig;
import io.meshgate.kube.CaSecret;
import io.meshgate.kube.ClusterControlPlane;
import io.meshgate.kube.ControllerOptions.LeaderTiming;
import io.meshgate.proxy.DurationFlag;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How {@code meshgate up} runs: standalone (the store is the source, the default) or on Kubernetes
 * (the cluster is the store), and the database the control plane keeps tokens, proxies and the audit
 * history in. Each setting from its flag, else the environment variable the Helm chart sets, else
 * the default. These flags are taken out of the arguments before the rest are read as
 * {@link StandaloneOptions}.
 *
 * @param kubernetes  --mode / MESHGATE_MODE: {@code standalone} (default) or {@code kubernetes}
 * @param namespace   --namespace / MESHGATE_NAMESPACE (fsm-system): where the leader Lease is kept
 * @param leaseName   --lease-name / MESHGATE_LEASE_NAME ({@value ClusterControlPlane#DEFAULT_LEASE_NAME})
 * @param timing      --lease-duration / MESHGATE_LEASE_DURATION (15s), --renew-deadline / MESHGATE_RENEW_DEADLINE
 *                    (10s), --retry-period / MESHGATE_RETRY_PERIOD (2s)
 * @param kubeconfig  --kubeconfig / KUBECONFIG handling of fabric8 when null (in a pod: its service account)
 * @param database    --database / MESHGATE_DATABASE: {@code h2} (default, in the data directory) or
 *                    {@code postgresql} with --database-url / MESHGATE_DATABASE_URL, --database-user /
 *                    MESHGATE_DATABASE_USER and MESHGATE_DATABASE_PASSWORD (environment only: flags show in ps)
 * @param trust       where the mesh CA is kept and who makes the webhooks trust it ({@link ClusterTrust})
 * @param egressGateway --egress-gateway-service-account NS/NAME / MESHGATE_EGRESS_GATEWAY_SERVICE_ACCOUNT and
 *                    --egress-gateway-proxy-name / MESHGATE_EGRESS_GATEWAY_PROXY_NAME (egress-gateway.fsm-system):
 *                    the service account that may exchange its token for that proxy's token (Kubernetes mode
 *                    only); null = none
 */
public record ModeOptions(boolean kubernetes, String namespace, String leaseName, LeaderTiming timing, Path kubeconfig,
                          Database database, ClusterTrust trust, EgressGatewayServiceAccount egressGateway) {
    static final String USAGE = """

              --mode standalone|kubernetes / MESHGATE_MODE (standalone): kubernetes makes the cluster the store
              (informers over every kind, statuses to /status subresources by the leader, observed changes in
              the audit history); with --namespace NS / MESHGATE_NAMESPACE (fsm-system), --lease-name /
              MESHGATE_LEASE_NAME, --lease-duration / MESHGATE_LEASE_DURATION (15s), --renew-deadline /
              MESHGATE_RENEW_DEADLINE (10s), --retry-period / MESHGATE_RETRY_PERIOD (2s), --kubeconfig FILE
              --database h2|postgresql / MESHGATE_DATABASE (h2, Kubernetes mode only), --database-url /
              MESHGATE_DATABASE_URL, --database-user / MESHGATE_DATABASE_USER, MESHGATE_DATABASE_PASSWORD
              --ca-secret NAME / MESHGATE_CA_SECRET (meshgate-ca): the Secret in --namespace keeping the mesh CA
              (Kubernetes mode; created at the first start, never replaced); --webhook-cert-source
              controlPlane|certManager / MESHGATE_WEBHOOK_CERT_SOURCE (controlPlane: write the CA into the caBundle
              of --injector-webhook / MESHGATE_INJECTOR_WEBHOOK and --validating-webhook /
              MESHGATE_VALIDATING_WEBHOOK; certManager: its CA injector does)
              --egress-gateway-service-account NS/NAME / MESHGATE_EGRESS_GATEWAY_SERVICE_ACCOUNT (Kubernetes mode):
              the egress gateway's service account, whose token registers proxy --egress-gateway-proxy-name /
              MESHGATE_EGRESS_GATEWAY_PROXY_NAME (egress-gateway.fsm-system) and gets its proxy token""";

    private static final Set<String> FLAGS = Set.of("--mode", "--namespace", "--lease-name", "--lease-duration",
            "--renew-deadline", "--retry-period", "--kubeconfig", "--database", "--database-url", "--database-user",
            "--ca-secret", "--webhook-cert-source", "--injector-webhook", "--validating-webhook",
            "--egress-gateway-service-account", "--egress-gateway-proxy-name");

    /** The database: H2 in the data directory, or PostgreSQL at a JDBC URL. */
    public record Database(boolean postgresql, String url, String user, String password) {
        /** The store's configuration for {@code dataDir}. */
        public DatabaseConfig config(Path dataDir) {
            return postgresql ? DatabaseConfig.jdbc(url, user, password) : DatabaseConfig.h2File(dataDir);
        }

        @Override
        public String toString() {
            return postgresql ? "postgresql " + url + " as " + user : "h2";
        }
    }

    /** These options, and the arguments left for {@link StandaloneOptions#parse}. */
    public record Split(ModeOptions options, String[] rest) { }

    /**
     * Takes this record's flags ({@code --flag value} or {@code --flag=value}) out of {@code args}.
     *
     * @throws IllegalArgumentException naming the flag (or variable) whose value is wrong
     */
    public static Split split(String[] args, Map<String, String> env) {
        String mode = env.getOrDefault("MESHGATE_MODE", "standalone");
        String namespace = env.getOrDefault("MESHGATE_NAMESPACE", "fsm-system");
        String leaseName = env.getOrDefault("MESHGATE_LEASE_NAME", ClusterControlPlane.DEFAULT_LEASE_NAME);
        String leaseDuration = env.getOrDefault("MESHGATE_LEASE_DURATION", "15s");
        String renewDeadline = env.getOrDefault("MESHGATE_RENEW_DEADLINE", "10s");
        String retryPeriod = env.getOrDefault("MESHGATE_RETRY_PERIOD", "2s");
        String kubeconfig = null;
        String database = env.getOrDefault("MESHGATE_DATABASE", "h2");
        String databaseUrl = env.get("MESHGATE_DATABASE_URL");
        String databaseUser = env.get("MESHGATE_DATABASE_USER");
        String databasePassword = env.getOrDefault("MESHGATE_DATABASE_PASSWORD", "");
        String caSecret = env.getOrDefault("MESHGATE_CA_SECRET", CaSecret.DEFAULT_NAME);
        String webhookCertSource = env.getOrDefault("MESHGATE_WEBHOOK_CERT_SOURCE", "controlPlane");
        String injectorWebhook = env.get("MESHGATE_INJECTOR_WEBHOOK");
        String validatingWebhook = env.get("MESHGATE_VALIDATING_WEBHOOK");
        String egressServiceAccount = env.get("MESHGATE_EGRESS_GATEWAY_SERVICE_ACCOUNT");
        String egressProxyName = env.get("MESHGATE_EGRESS_GATEWAY_PROXY_NAME");
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            String value;
            int eq = flag.indexOf('=');
            String name = flag.startsWith("--") && eq > 0 ? flag.substring(0, eq) : flag;
            if (!FLAGS.contains(name)) {
                rest.add(args[i]);
                continue;
            }
            if (eq > 0 && flag.startsWith("--")) {
                value = flag.substring(eq + 1);
            } else {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                value = args[++i];
            }
            switch (name) {
                case "--mode" -> mode = value;
                case "--namespace" -> namespace = value;
                case "--lease-name" -> leaseName = value;
                case "--lease-duration" -> leaseDuration = value;
                case "--renew-deadline" -> renewDeadline = value;
                case "--retry-period" -> retryPeriod = value;
                case "--kubeconfig" -> kubeconfig = value;
                case "--database" -> database = value;
                case "--database-url" -> databaseUrl = value;
                case "--database-user" -> databaseUser = value;
                case "--ca-secret" -> caSecret = value;
                case "--webhook-cert-source" -> webhookCertSource = value;
                case "--injector-webhook" -> injectorWebhook = value;
                case "--validating-webhook" -> validatingWebhook = value;
                case "--egress-gateway-service-account" -> egressServiceAccount = value;
                case "--egress-gateway-proxy-name" -> egressProxyName = value;
                default -> throw new IllegalStateException("unhandled flag " + name);
            }
        }
        boolean kubernetes = switch (mode.trim().toLowerCase(Locale.ROOT)) {
            case "standalone", "" -> false;
            case "kubernetes" -> true;
            default -> throw new IllegalArgumentException("--mode / MESHGATE_MODE must be standalone or kubernetes, got '"
                    + mode + "'");
        };
        if (namespace.isBlank() || leaseName.isBlank()) {
            throw new IllegalArgumentException("--namespace and --lease-name must not be empty");
        }
        LeaderTiming timing;
        try {
            timing = new LeaderTiming(DurationFlag.parse("--lease-duration", leaseDuration),
                    DurationFlag.parse("--renew-deadline", renewDeadline),
                    DurationFlag.parse("--retry-period", retryPeriod));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--lease-duration, --renew-deadline, --retry-period: " + e.getMessage(), e);
        }
        Database db = switch (database.trim().toLowerCase(Locale.ROOT)) {
            case "h2", "" -> new Database(false, null, null, null);
            case "postgresql", "postgres" -> {
                if (databaseUrl == null || !databaseUrl.trim().startsWith("jdbc:postgresql:")) {
                    throw new IllegalArgumentException("--database postgresql needs --database-url /"
                            + " MESHGATE_DATABASE_URL jdbc:postgresql://HOST:PORT/DB, got '" + databaseUrl + "'");
                }
                if (databaseUser == null || databaseUser.isBlank()) {
                    throw new IllegalArgumentException("--database postgresql needs --database-user / MESHGATE_DATABASE_USER");
                }
                yield new Database(true, databaseUrl.trim(), databaseUser.trim(), databasePassword);
            }
            default -> throw new IllegalArgumentException("--database / MESHGATE_DATABASE must be h2 or postgresql, got '"
                    + database + "'");
        };
        if (db.postgresql() && !kubernetes) {
            throw new IllegalArgumentException("--database postgresql is only read in Kubernetes mode (--mode kubernetes)"
                    + " for now; standalone mode keeps H2 in its data directory");
        }
        EgressGatewayServiceAccount egressGateway = null;
        if (egressServiceAccount != null && !egressServiceAccount.isBlank()) {
            if (!kubernetes) {
                throw new IllegalArgumentException("--egress-gateway-service-account /"
                        + " MESHGATE_EGRESS_GATEWAY_SERVICE_ACCOUNT is only read in Kubernetes mode (--mode kubernetes)");
            }
            try {
                egressGateway = EgressGatewayServiceAccount.parse(egressServiceAccount, egressProxyName);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--egress-gateway-service-account /"
                        + " MESHGATE_EGRESS_GATEWAY_SERVICE_ACCOUNT: " + e.getMessage(), e);
            }
        }
        ClusterTrust trust = ClusterTrust.of(caSecret, webhookCertSource, injectorWebhook, validatingWebhook);
        return new Split(new ModeOptions(kubernetes, namespace.trim(), leaseName.trim(), timing,
                kubeconfig == null || kubeconfig.isBlank() ? null : Path.of(kubeconfig.trim()), db, trust, egressGateway),
                rest.toArray(String[]::new));
    }
}
