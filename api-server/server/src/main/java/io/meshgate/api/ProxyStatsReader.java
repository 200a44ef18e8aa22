package io.meshgate.api;

import io.meshgate.api.traffic.TrafficSampler;
import io.meshgate.db.ProxyRegistration;
import io.meshgate.db.ProxyStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads the {@code /stats} page of every proxy whose admin this server can read (sidecars through
 * {@link SidecarAdminRelay}, the standalone stack's in-process gateway) into the {@link TrafficSampler}:
 * the control plane scrapes the proxies it already knows, over the same authenticated relay as
 * {@code GET /api/v1/proxies/{name}/admin/stats}. The pages are read in parallel on virtual threads
 * (at most {@value #PARALLEL} at once), all within {@link #DEADLINE}; a proxy that has not answered
 * by then is reported as unreachable for this reading. Proxies read less than
 * {@link TrafficSampler#MIN_INTERVAL} ago are not read again.
 */
final class ProxyStatsReader {
    /** A console polls every few seconds: one slow sidecar must not hold its answer longer than this. */
    static final Duration DEADLINE = Duration.ofSeconds(3);
    /** Bounds the connections one reading opens at once. */
    static final int PARALLEL = 16;

    /** How reading one proxy went. {@code error} is null when its page was read (now or recently). */
    record Outcome(String proxy, String kind, String error) {}

    private final ProxyStore proxies;
    private final SidecarAdminRelay relay;
    private final TrafficSampler sampler;

    ProxyStatsReader(ProxyStore proxies, SidecarAdminRelay relay, TrafficSampler sampler) {
        this.proxies = proxies;
        this.relay = relay;
        this.sampler = sampler;
    }

    TrafficSampler sampler() {
        return sampler;
    }

    /** Reads every readable proxy that is due; one outcome per readable proxy, by name. */
    Map<String, Outcome> readAll() {
        List<ProxyRegistration> registered = proxies.list();
        sampler.retainOnly(registered.stream().map(ProxyRegistration::name).toList());
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        List<ProxyRegistration> due = new ArrayList<>();
        for (ProxyRegistration p : registered) {
            if (!relay.reads(p)) {
                continue;
            }
            if (sampler.due(p.name())) {
                due.add(p);
            } else {
                outcomes.put(p.name(), new Outcome(p.name(), p.kind(), null));
            }
        }
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        Semaphore slots = new Semaphore(PARALLEL);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Map<ProxyRegistration, Future<String>> pending = new LinkedHashMap<>();
            for (ProxyRegistration p : due) {
                pending.put(p, pool.submit(() -> {
                    slots.acquire();
                    try {
                        return relay.fetch(p, SidecarAdminRelay.Page.STATS).body();
                    } finally {
                        slots.release();
                    }
                }));
            }
            pending.forEach((p, future) -> outcomes.put(p.name(), collect(p, future, deadline)));
            // what is still running is cut off: close() below must not wait for it
            pending.values().forEach(f -> f.cancel(true));
        }
        return outcomes;
    }

    private Outcome collect(ProxyRegistration p, Future<String> future, long deadline) {
        try {
            String page = future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            sampler.record(p.name(), page);
            return new Outcome(p.name(), p.kind(), null);
        } catch (TimeoutException e) {
            return new Outcome(p.name(), p.kind(), "no answer within " + DEADLINE.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "unavailable", "Service Unavailable", "the server is stopping", List.of());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            return new Outcome(p.name(), p.kind(), cause instanceof ApiException api ? api.getMessage()
                    : String.valueOf(cause));
        }
    }
}
