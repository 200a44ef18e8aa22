package io.meshgate.reconcile;

import io.meshgate.resources.Condition;
import io.meshgate.config.ProxyConfig;
import io.meshgate.config.json.ConfigFragments;
import io.meshgate.config.json.ProxyConfigJson;
import io.meshgate.reconcile.distribution.ConfigBoard;
import io.meshgate.reconcile.distribution.ConfigVersion;
import io.meshgate.reconcile.distribution.PublishedConfig;
import io.meshgate.resources.ResourceKey;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import java.util.function.Supplier;
import java.lang.System.Logger.Level;

/**
 * The reconcile loop of both modes. Changes the {@link SnapshotSource} reports (store commits, informer
 * events) and proxy registrations only mark the state dirty; one thread waits a short debounce so a
 * burst of changes costs one pass, reads a {@link ResourceSnapshot}, translates it for every
 * registered proxy and publishes a config on the {@link ConfigBoard} only when its content hash
 * differs from what the proxy already has. A snapshot that differs from the previous one in
 * statuses only (the status writes of the pass before) reuses the previous translations. A failed pass is retried; a translator that throws keeps
 * that proxy on its previous config. What the translators and {@link StatusReporter}s say about
 * resources goes to the {@link StatusSink}, last.
 */
public final class Reconciler implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Reconciler.class.getName());
    private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(1);

    private final SnapshotSource source;
    private final Supplier<List<ProxyIdentity>> proxies;
    private final TranslatorRegistry translators;
    private final ConfigBoard board;
    private final ReconcileObserver observer;
    private final StatusSink statusSink;
    private final DebouncedWorker worker;
    private final Runnable changeListener;
    private volatile long reconciledRevision = -1;
    private final AtomicLong passes = new AtomicLong();
    private final TranslationMemo memo = new TranslationMemo();
    /**
     * The JSON of the routes and clusters of the last configs hashed, by object: a translator that hands
     * back the same objects for what did not change (the Ingress translator's memo does) gets the hash's
     * serialisation of them for the price of a copy.
     */
    private final ConfigFragments fragments = new ConfigFragments();
    private volatile Map<ResourceKey, List<Condition>> statuses = Map.of();

    /**
     * A reconciler that keeps statuses in memory only.
     *
     * @param proxies  the registered proxies, read at each pass
     * @param debounce how long to gather changes before a pass (a few ms standalone, ~100 ms on Kubernetes)
     */
    public Reconciler(SnapshotSource source, Supplier<List<ProxyIdentity>> proxies, TranslatorRegistry translators,
                      ConfigBoard board, ReconcileObserver observer, Duration debounce) {
        this(source, proxies, translators, board, observer, debounce, StatusSink.NONE);
    }

    /** Like the other constructor, and hands statuses to {@code statusSink} at the end of every pass. */
    public Reconciler(SnapshotSource source, Supplier<List<ProxyIdentity>> proxies, TranslatorRegistry translators,
                      ConfigBoard board, ReconcileObserver observer, Duration debounce, StatusSink statusSink) {
        this.source = source;
        this.proxies = proxies;
        this.translators = translators;
        this.board = board;
        this.observer = observer;
        this.statusSink = statusSink;
        this.worker = new DebouncedWorker("meshgate-reconcile", debounce, null, RETRY_AFTER_FAILURE,
                this::timedPass, e -> {
                    LOG.log(Level.WARNING, "reconcile pass failed; retrying in " + RETRY_AFTER_FAILURE.toMillis() + " ms", e);
                    observer.failed();
                });
        this.changeListener = worker::wake;
    }

    /**
     * Subscribes to the source's changes and starts the loop; the first pass runs right away. Nothing
     * is read before: a source that is still filling (informers listing) must not be started yet.
     */
    public Reconciler start() {
        source.addChangeListener(changeListener);
        worker.start();
        return this;
    }

    /** Asks for a pass soon (after the debounce). Cheap and non-blocking beyond a short lock. */
    public void markDirty() {
        worker.wake();
    }

    /** The snapshot revision of the last completed pass, -1 before the first. */
    public long reconciledRevision() {
        return reconciledRevision;
    }

    /** How many passes completed (for tests and metrics). */
    public long passes() {
        return passes.get();
    }

    /** Conditions the translators reported in the last completed pass, by resource. */
    public Map<ResourceKey, List<Condition>> statuses() {
        return statuses;
    }

    @Override
    public void close() {
        source.removeChangeListener(changeListener);
        worker.close();
    }

    private void timedPass() {
        long started = System.nanoTime();
        int published = pass();
        try {
            observer.reconciled(Duration.ofNanos(System.nanoTime() - started), published);
        } finally {
            // counted once observers (an in-process proxy applying its config) are done with the pass
            passes.incrementAndGet();
        }
    }

    private int pass() {
        PhaseTimer phases = new PhaseTimer();
        List<ProxyIdentity> registered = proxies.get();
        ResourceSnapshot snapshot = source.read();
        phases.end("read");
        Map<ResourceKey, List<Condition>> nextStatuses = new HashMap<>();
        Map<ResourceKey, ReportedStatus> reports = new HashMap<>();
        Set<String> names = new HashSet<>();
        int published = 0;
        boolean serialised = false;
        for (ProxyIdentity proxy : registered) {
            names.add(proxy.name());
            Translator translator = translators.forKind(proxy.kind());
            // read before translating: a rotation during the translation makes the next pass translate again
            long externalRevision = translator.externalRevision();
            Optional<TranslationMemo.Entry> known = memo.find(proxy, snapshot.contentRevision(), externalRevision);
            Translation translation;
            if (known.isPresent()) {
                // only statuses changed since this proxy's last translation: same inputs, same output
                translation = known.get().translation();
            } else {
                try {
                    translation = translator.translate(snapshot, proxy);
                } catch (RuntimeException e) {
                    memo.forget(proxy.name());
                    LOG.log(Level.WARNING, "translator for " + proxy + " failed; it keeps its previous config", e);
                    continue;
                } finally {
                    phases.end("translate");
                }
            }
            // several translators may speak of one resource (an Egress: sidecars and the egress gateway)
            translation.statuses().forEach((key, conditions) ->
                    nextStatuses.merge(key, conditions, ReportedStatus::mergeConditions));
            Map<ResourceKey, ReportedStatus> reported = known.isPresent() ? known.get().reported()
                    : translation.reported();
            reported.forEach((key, status) -> reports.merge(key, status, ReportedStatus::mergedWith));
            String hash;
            String unlabelledJson = null;
            if (known.isPresent()) {
                hash = known.get().contentHash();
            } else if (translation.config().listeners().isEmpty() && translation.config().clusters().isEmpty()) {
                hash = ConfigVersion.contentHash(translation.config());
            } else {
                // serialised once: hashed, then labelled for the board by splicing in the version
                unlabelledJson = ConfigVersion.unlabelledJson(translation.config(), fragments);
                hash = ConfigVersion.hashOfUnlabelled(unlabelledJson);
                serialised = true;
            }
            phases.end("hash");
            if (publishIfChanged(proxy, translation.config(), hash, unlabelledJson, snapshot.revision(), phases)) {
                published++;
            }
            memo.remember(proxy, snapshot.contentRevision(), externalRevision, translation, hash, reported);
        }
        for (StatusReporter reporter : translators.reporters()) {
            try {
                reporter.report(snapshot, registered).forEach((key, status) -> {
                    reports.merge(key, status, ReportedStatus::mergedWith);
                    nextStatuses.merge(key, status.conditions(), ReportedStatus::mergeConditions);
                });
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "status reporter " + reporter + " failed; its statuses stay as stored", e);
            }
        }
        phases.end("report");
        board.retain(names);
        memo.retain(names);
        if (serialised) {
            // a pass that reused every translation wrote nothing: it must not empty the cache
            fragments.endRound();
        }
        statuses = Map.copyOf(nextStatuses);
        // last: a status write is one more change, hence one more pass, which finds nothing to change
        statusSink.publish(snapshot, reports);
        reconciledRevision = snapshot.revision();
        phases.end("status");
        int publishedCount = published;
        LOG.log(Level.DEBUG, () -> "pass at revision " + snapshot.revision() + " published " + publishedCount + ": "
                + phases);
        return published;
    }

    /** @param unlabelledJson the config's {@link ConfigVersion#unlabelledJson}, or null to serialise it here */
    private boolean publishIfChanged(ProxyIdentity proxy, ProxyConfig config, String hash, String unlabelledJson,
                                     long revision, PhaseTimer phases) {
        Optional<PublishedConfig> current = board.current(proxy.name());
        if (current.isPresent() && current.get().contentHash().equals(hash)) {
            return false;
        }
        String version = ConfigVersion.of(revision, hash);
        ProxyConfig labelled = ConfigVersion.label(config, version);
        String json = unlabelledJson != null ? ConfigVersion.labelJson(unlabelledJson, version)
                : ProxyConfigJson.writeCompact(labelled);
        phases.end("json");
        board.publish(proxy.name(), new PublishedConfig(version, labelled, json));
        LOG.log(Level.DEBUG, () -> "published " + version + " for proxy " + proxy.name());
        return true;
    }
}
