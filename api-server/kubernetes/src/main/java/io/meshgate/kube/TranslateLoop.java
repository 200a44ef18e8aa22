package io.meshgate.kube;

import io.meshgate.config.ProxyConfig;
import io.meshgate.ingress.IngressInputs;
import io.meshgate.ingress.IngressSettings;
import io.meshgate.ingress.IngressTranslation;
import io.meshgate.ingress.IngressTranslator;
import io.meshgate.resources.Condition;
import io.meshgate.resources.ResourceKey;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Rebuilds the ingress gateway's config whenever the cluster changes. Any informer event only
 * {@linkplain #markDirty() marks the state dirty}; one thread waits {@code debounce} for more events
 * (a Deployment rollout changes slices many times a second), then reads the informer caches, runs
 * the translator and applies the config to the kernel if its content changed.
 *
 * <p>A config the kernel refuses (a certificate that does not load, a port in use) is logged and the
 * running config stays; so does the last config when reading or translating fails. Informer caches
 * outlive API-server disconnects, so traffic keeps flowing on the last known state meanwhile.
 */
public final class TranslateLoop implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(TranslateLoop.class.getName());

    /** Where the loop puts its configs: the kernel's {@code apply}, which throws on a refused config. */
    @FunctionalInterface
    public interface ConfigSink {
        void apply(ProxyConfig config);
    }

    private final Supplier<IngressInputs> inputs;
    private final Supplier<IngressSettings> settings;
    private final ConfigSink sink;
    private final Consumer<IngressTranslation> onTranslated;
    private final Duration debounce;
    private final ScheduledExecutorService thread;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicLong rounds = new AtomicLong();
    private volatile boolean started;
    private volatile ProxyConfig applied;
    private volatile IngressTranslation lastTranslation;
    private Map<ResourceKey, List<Condition>> loggedStatuses = new HashMap<>();

    /** A loop whose settings never change. */
    public TranslateLoop(Supplier<IngressInputs> inputs, IngressSettings settings, ConfigSink sink,
                         Consumer<IngressTranslation> onTranslated, Duration debounce) {
        this(inputs, constant(settings), sink, onTranslated, debounce);
    }

    /**
     * @param inputs       reads the current cluster state (called on the loop thread only)
     * @param settings     the listeners' address and ports, read right after {@code inputs} in each
     *                     rebuild (they may depend on the cluster: the publish Service's HTTPS port)
     * @param sink         applies a config; an exception means "refused, the old one stays"
     * @param onTranslated told of every translation, applied or not (e.g. to write Ingress status)
     * @param debounce     quiet time before a rebuild
     */
    public TranslateLoop(Supplier<IngressInputs> inputs, Supplier<IngressSettings> settings, ConfigSink sink,
                         Consumer<IngressTranslation> onTranslated, Duration debounce) {
        this.inputs = Objects.requireNonNull(inputs, "inputs");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.onTranslated = Objects.requireNonNull(onTranslated, "onTranslated");
        this.debounce = Objects.requireNonNull(debounce, "debounce");
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "meshgate-translate");
            t.setDaemon(true);
            return t;
        });
    }

    private static Supplier<IngressSettings> constant(IngressSettings settings) {
        Objects.requireNonNull(settings, "settings");
        return () -> settings;
    }

    /**
     * Allows rebuilds and asks for the first. Until then {@link #markDirty()} is ignored: events arrive
     * while the informers are still listing, and a config built from half-filled caches would briefly
     * serve, say, an Ingress whose Service is not listed yet as 503.
     */
    public void start() {
        started = true;
        markDirty();
    }

    /** Asks for a rebuild; events within the debounce time share one. Safe from any thread, never blocks. */
    public void markDirty() {
        if (started && scheduled.compareAndSet(false, true)) {
            try {
                thread.schedule(this::rebuild, debounce.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                scheduled.set(false);
            }
        }
    }

    /** The config last applied to the kernel, or null before the first. */
    public ProxyConfig applied() {
        return applied;
    }

    /** The latest translation (applied or refused), or null before the first. */
    public IngressTranslation lastTranslation() {
        return lastTranslation;
    }

    /** How many rebuilds have finished (successful or not); for tests and metrics. */
    public long rounds() {
        return rounds.get();
    }

    private void rebuild() {
        // cleared first: an event arriving while we read the caches schedules another round
        scheduled.set(false);
        try {
            IngressInputs current = inputs.get();
            IngressTranslation translation = IngressTranslator.translate(current, settings.get());
            lastTranslation = translation;
            logStatusChanges(translation.statuses());
            if (!translation.config().equals(applied)) {
                try {
                    sink.apply(translation.config());
                    applied = translation.config();
                    LOG.log(Level.INFO, "applied ingress config: {0} listeners, {1} clusters, {2} Ingresses",
                            translation.config().listeners().size(), translation.config().clusters().size(),
                            translation.statuses().size());
                } catch (RuntimeException refused) {
                    LOG.log(Level.WARNING, "kernel refused the new ingress config; still serving the previous one: "
                            + refused.getMessage());
                }
            }
            onTranslated.accept(translation);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "ingress rebuild failed; still serving the previous config", e);
        } finally {
            rounds.incrementAndGet();
        }
    }

    /** Says once, not on every rebuild, when an Ingress's conditions change (Ingress status has no conditions). */
    private void logStatusChanges(Map<ResourceKey, List<Condition>> statuses) {
        statuses.forEach((key, conditions) -> {
            if (!conditions.equals(loggedStatuses.get(key))) {
                boolean healthy = conditions.stream().noneMatch(IngressConditionEvents::isProblem);
                LOG.log(healthy ? Level.INFO : Level.WARNING, key + ": " + conditions.stream()
                        .map(c -> c.type() + "=" + IngressConditionEvents.statusText(c) + " (" + c.reason() + (c.message().isEmpty() ? "" : ": " + c.message()) + ")")
                        .collect(Collectors.joining(", ")));
            }
        });
        loggedStatuses = new HashMap<>(statuses);
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
