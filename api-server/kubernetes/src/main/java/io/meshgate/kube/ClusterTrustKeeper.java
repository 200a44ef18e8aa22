package io.meshgate.kube;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the cluster trusting the mesh CA: publishes its certificate in ConfigMap
 * {@value CaBundleConfigMap#NAME} and, when the control plane makes the webhooks' certificate, writes
 * it into the webhook configurations' {@code caBundle}. Checks at start and then every
 * {@code interval} (one minute in the control plane), so a {@code helm upgrade} that renders an empty
 * {@code caBundle}, or a deleted ConfigMap, is put right within a minute. Each check is a few cluster
 * calls, each bounded by the client's request timeout; checks never overlap. Every replica runs one:
 * they all write the same bytes (one CA, kept in the cluster), and only what differs is written.
 * Only the certificate is ever written; the key stays in the CA Secret.
 */
public final class ClusterTrustKeeper implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ClusterTrustKeeper.class.getName());
    /** How often the ConfigMap and the caBundles are compared with the CA. */
    public static final Duration CHECK_INTERVAL = Duration.ofMinutes(1);

    private final CaBundleConfigMap configMap;
    private final WebhookCaBundles webhooks;
    private final String caPem;
    private final Set<String> servingNames;
    private final Duration interval;
    private final ScheduledExecutorService timer;
    private String lastProblem = "";

    /**
     * @param webhooks     the configurations to write the caBundle into, or null when something else
     *                     does (cert-manager's CA injector)
     * @param servingNames the names the API's serving certificate covers, checked against the hosts the
     *                     webhooks dial (a warning names one it lacks); null when it is not the mesh CA's
     */
    public ClusterTrustKeeper(CaBundleConfigMap configMap, WebhookCaBundles webhooks, String caPem,
                              Set<String> servingNames, Duration interval) {
        this.configMap = Objects.requireNonNull(configMap, "configMap");
        this.webhooks = webhooks;
        this.caPem = Objects.requireNonNull(caPem, "caPem");
        this.servingNames = servingNames == null ? null : Set.copyOf(servingNames);
        this.interval = Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive, not " + interval);
        }
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "meshgate-cluster-trust");
            t.setDaemon(true);
            return t;
        });
    }

    /** What one check did. */
    public record Check(boolean configMapWritten, int webhooksPatched, List<String> problems) { }

    /** Checks at once (on the keeper's thread) and then every interval. */
    public ClusterTrustKeeper start() {
        timer.scheduleWithFixedDelay(this::checkLogged, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /**
     * One check, on the caller's thread (tests; the timer's checks run the same code).
     *
     * @throws RuntimeException what the cluster answered when a call failed
     */
    public synchronized Check checkNow() {
        boolean written = configMap.ensure(caPem);
        if (written) {
            LOG.log(Level.INFO, "published the mesh CA certificate in ConfigMap " + CaBundleConfigMap.NAME);
        }
        if (webhooks == null) {
            return new Check(written, 0, List.of());
        }
        WebhookCaBundles.Result result = webhooks.ensure(caPem);
        if (result.patchedWebhooks() > 0) {
            LOG.log(Level.INFO, "wrote the mesh CA into the caBundle of " + result.patchedWebhooks() + " webhook(s)");
        }
        List<String> problems = new ArrayList<>();
        for (String missing : result.missingConfigurations()) {
            problems.add(missing + " not found: its webhooks cannot trust the control plane until it exists");
        }
        if (servingNames != null) {
            for (String host : result.serviceHosts()) {
                if (!servingNames.contains(host)) {
                    problems.add("the webhooks call " + host + ", which the API's certificate does not name"
                            + " (set --controller-service / MESHGATE_CONTROLLER_SERVICE or --api-tls-san)");
                }
            }
        }
        return new Check(written, result.patchedWebhooks(), List.copyOf(problems));
    }

    private void checkLogged() {
        String problem;
        try {
            problem = String.join("; ", checkNow().problems());
        } catch (RuntimeException e) {
            problem = "cannot check the mesh CA's ConfigMap and webhook caBundles (retrying every "
                    + interval.toSeconds() + " s): " + e.getMessage();
        }
        // once per change, not every minute
        if (!problem.equals(lastProblem)) {
            if (!problem.isEmpty()) {
                LOG.log(Level.WARNING, problem);
            } else if (!lastProblem.isEmpty()) {
                LOG.log(Level.INFO, "the mesh CA's ConfigMap and webhook caBundles are right again");
            }
            lastProblem = problem;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
