package io.meshgate.kernel.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;

/**
 * The proxy kernel's meters, in one Prometheus registry. The hot-path methods are called from the
 * event loops for every request and connection: each looks its meters up in a map keyed by the tag
 * values and only builds a meter the first time a tag combination is seen. All methods are
 * thread-safe and never block.
 *
 * <p>Cardinality is bounded by the config, never by traffic: tags are listener, route and cluster
 * names (from the config), the status code (clamped to 100..599) and rejection reasons (capped at
 * {@value #MAX_REJECT_REASONS} distinct values per listener). The request duration histogram is
 * not tagged with the status so that a route costs one histogram, not one per status.
 *
 * <p>Use one instance per registry: a second one would share the first one's config gauge.
 */
public final class KernelMetrics {

    /** Tag value for "no route matched" or "answered locally, no cluster involved". */
    public static final String NONE = "none";
    /** Distinct rejection reasons kept per listener; further reasons are counted as {@code other}. */
    public static final int MAX_REJECT_REASONS = 32;

    static final String REQUESTS = "meshgate.requests";
    static final String REQUEST_DURATION = "meshgate.request.duration";
    static final String REQUEST_BYTES = "meshgate.request.bytes";
    static final String RESPONSE_BYTES = "meshgate.response.bytes";
    static final String REQUESTS_REJECTED = "meshgate.requests.rejected";
    static final String CONNECTIONS_ACTIVE = "meshgate.downstream.connections.active";
    static final String CONNECTIONS_ACCEPTED = "meshgate.downstream.connections.accepted";
    static final String CONNECTIONS_REFUSED = "meshgate.downstream.connections.refused";
    static final String UPSTREAM_CONNECT_FAILURES = "meshgate.upstream.connect.failures";
    static final String PASSTHROUGH_ADDRESS_REFUSED = "meshgate.passthrough.address.refused";
    static final String POOL_IDLE = "meshgate.upstream.pool.idle";
    static final String POOL_BUSY = "meshgate.upstream.pool.busy";
    static final String ACCESS_DENIED = "meshgate.mesh.access.denied";
    static final String MESH_CONNECTIONS_UNSERVED = "meshgate.mesh.connections.unserved";
    static final String CONFIG_APPLIED = "meshgate.config.applied";
    static final String UPSTREAM_RETRIES = "meshgate.upstream.retries";
    static final String UPSTREAM_GUARD_EVENTS = "meshgate.upstream.guard.events";
    static final String UPSTREAM_CIRCUIT_OPEN = "meshgate.upstream.circuit.open";
    static final String CONFIG_LAST_APPLIED = "meshgate.config.last.applied.timestamp";

    /** Histogram range: anything under 1 ms lands in the first bucket, anything over 60 s in +Inf. */
    private static final Duration[] LATENCY_BUCKETS = {
        Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
        Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
        Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60),
    };

    private final PrometheusMeterRegistry registry;
    /**
     * Listener -> route -> cluster -> meters: found per request without a key object (the sidecar's C1
     * JIT has no escape analysis, so a composite key would be a real allocation per request).
     */
    private final Map<String, Map<String, Map<String, RouteMeters>>> routes = new ConcurrentHashMap<>();
    private final Map<String, ListenerMeters> listeners = new ConcurrentHashMap<>();
    private final Map<String, Counter> connectFailures = new ConcurrentHashMap<>();
    private final Map<String, Counter> passthroughRefusals = new ConcurrentHashMap<>();
    private final Map<String, List<Gauge>> poolGauges = new ConcurrentHashMap<>();
    private final Map<DenialKey, Counter> accessDenials = new ConcurrentHashMap<>();
    private final Map<DenialKey, Counter> unserved = new ConcurrentHashMap<>();
    private final Map<String, RetryStats> retries = new ConcurrentHashMap<>();
    private final Map<String, ClusterGuardStats> guards = new ConcurrentHashMap<>();
    private final Counter configApplied;
    private final AtomicLong lastConfigAppliedMillis = new AtomicLong();
    private final AtomicReference<String> lastConfigVersion = new AtomicReference<>();

    public KernelMetrics(PrometheusMeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.configApplied = Counter.builder(CONFIG_APPLIED)
                .description("Config snapshots swapped in")
                .register(registry);
        Gauge.builder(CONFIG_LAST_APPLIED, lastConfigAppliedMillis, millis -> millis.get() / 1000.0)
                .description("Wall-clock time of the last config swap (0 before the first)")
                .baseUnit("seconds")
                .strongReference(true)
                .register(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /**
     * Accounts for one finished HTTP exchange.
     *
     * @param route         the matched route's name, or null / {@link #NONE} when nothing matched
     * @param cluster       the cluster the request went to, or null / {@link #NONE} for local answers
     * @param status        the status sent to the client; 0 (or anything outside 100..599) when none was
     * @param durationNanos from the first byte of the request to the last byte of the response
     */
    public void requestCompleted(String listener, String route, String cluster, int status, long durationNanos,
                                 long requestBytes, long responseBytes) {
        RouteMeters meters = routeMeters(orNone(listener), orNone(route), orNone(cluster));
        meters.status(status).increment();
        meters.duration.record(Math.max(0, durationNanos), TimeUnit.NANOSECONDS);
        if (requestBytes > 0) {
            meters.requestBytes.increment(requestBytes);
        }
        if (responseBytes > 0) {
            meters.responseBytes.increment(responseBytes);
        }
    }

    /** A client connection was accepted by {@code listener}. */
    public void connectionOpened(String listener) {
        ListenerMeters meters = listenerMeters(orNone(listener));
        meters.accepted.increment();
        meters.active.incrementAndGet();
    }

    /** A client connection was closed on accept because {@code listener} had its maximum open. */
    public void connectionRefused(String listener) {
        listenerMeters(orNone(listener)).refused.increment();
    }

    /** A client connection of {@code listener} closed (call exactly once per {@link #connectionOpened}). */
    public void connectionClosed(String listener) {
        listenerMeters(orNone(listener)).active.decrementAndGet();
    }

    /**
     * The retry counters and budget of {@code cluster}, created (with one Prometheus counter per event,
     * {@code meshgate_upstream_retries_total{cluster,event}}) the first time a retrying route sends to it.
     * A lookup in a concurrent map afterwards: no allocation.
     */
    public RetryStats retryStats(String cluster) {
        RetryStats stats = retries.get(cluster);
        return stats != null ? stats : retries.computeIfAbsent(orNone(cluster), this::newRetryStats);
    }

    private RetryStats newRetryStats(String cluster) {
        RetryStats stats = new RetryStats(cluster);
        for (RetryStats.Event event : RetryStats.Event.values()) {
            io.micrometer.core.instrument.FunctionCounter.builder(UPSTREAM_RETRIES, stats, s -> s.count(event))
                    .description("Request retries by event, Envoy's cluster upstream_rq_retry* statistics")
                    .tag("cluster", cluster)
                    .tag("event", event.tag())
                    .register(registry);
        }
        return stats;
    }

    /**
     * The circuit-breaker and connection-limit counters of {@code cluster}, created (with their Prometheus
     * meters) the first time a request to a cluster with a breaker or limits needs them. A lookup in a
     * concurrent map afterwards: no allocation.
     */
    public ClusterGuardStats guardStats(String cluster) {
        ClusterGuardStats stats = guards.get(cluster);
        return stats != null ? stats : guards.computeIfAbsent(orNone(cluster), this::newGuardStats);
    }

    private ClusterGuardStats newGuardStats(String cluster) {
        ClusterGuardStats stats = new ClusterGuardStats(cluster);
        for (ClusterGuardStats.Event event : ClusterGuardStats.Event.values()) {
            io.micrometer.core.instrument.FunctionCounter.builder(UPSTREAM_GUARD_EVENTS, stats, s -> s.count(event))
                    .description("Circuit-breaker openings, requests answered by an open breaker, and requests over"
                            + " the connection limits, by cluster and event")
                    .tag("cluster", cluster)
                    .tag("event", event.tag())
                    .register(registry);
        }
        Gauge.builder(UPSTREAM_CIRCUIT_OPEN, stats, ClusterGuardStats::open)
                .description("1 while the cluster's circuit breaker is open, else 0")
                .tag("cluster", cluster)
                .strongReference(true)
                .register(registry);
        return stats;
    }

    /** A connection (TCP or TLS handshake) to an endpoint of {@code cluster} failed or timed out. */
    public void upstreamConnectFailed(String cluster) {
        connectFailures.computeIfAbsent(orNone(cluster), c -> Counter.builder(UPSTREAM_CONNECT_FAILURES)
                .description("Failed or timed-out connection attempts to upstream endpoints")
                .tag("cluster", c)
                .register(registry)).increment();
    }

    /**
     * A global-passthrough connection was closed because its SNI name resolved to addresses the relay
     * must not reach (loopback, private, link-local...). {@code range} names the kind of address, one
     * of a fixed few, normalised like a rejection reason ({@code LINK_LOCAL} becomes {@code link_local}).
     */
    public void passthroughAddressRefused(String range) {
        passthroughRefusals.computeIfAbsent(reasonTag(range), r -> Counter.builder(PASSTHROUGH_ADDRESS_REFUSED)
                .description("Global-passthrough connections refused for the address range their name resolved to")
                .tag("range", r)
                .register(registry)).increment();
    }

    /**
     * A mesh listener's destination rule refused a connection (TCP) or a request (HTTP 403) because
     * no access grant admitted it. {@code reason} is one of a few fixed phrases (why no grant
     * admitted the peer or the request), normalised like a rejection reason; listener and rule
     * names come from the config.
     */
    public void accessDenied(String listener, String rule, String reason) {
        DenialKey key = new DenialKey(orNone(listener), orNone(rule), reasonTag(reason));
        Counter counter = accessDenials.get(key);
        if (counter == null) {
            counter = accessDenials.computeIfAbsent(key, k -> Counter.builder(ACCESS_DENIED)
                    .description("Connections (TCP) and requests (HTTP) a mesh destination rule's access refused")
                    .tag("listener", k.listener).tag("rule", k.rule).tag("reason", k.reason)
                    .register(registry));
        }
        counter.increment();
    }

    /**
     * A mesh listener closed a connection without serving it: no destination rule matched and the
     * listener refuses unmatched traffic, the connection was not redirected, or its original
     * destination could not be read. {@code reason} is one of those few fixed phrases.
     */
    public void meshConnectionUnserved(String listener, String reason) {
        DenialKey key = new DenialKey(orNone(listener), NONE, reasonTag(reason));
        unserved.computeIfAbsent(key, k -> Counter.builder(MESH_CONNECTIONS_UNSERVED)
                .description("Mesh listener connections closed without being served")
                .tag("listener", k.listener).tag("reason", k.reason)
                .register(registry)).increment();
    }

    /**
     * Exposes the idle and busy connection counts of an upstream pool. Registering the same
     * {@code name} again replaces the earlier suppliers (a pool rebuilt after a config swap).
     * The suppliers are called on scrape threads, so they must be thread-safe and cheap.
     */
    public void registerPoolGauges(String name, IntSupplier idle, IntSupplier busy) {
        Objects.requireNonNull(idle, "idle");
        Objects.requireNonNull(busy, "busy");
        poolGauges.compute(orNone(name), (pool, previous) -> {
            if (previous != null) {
                previous.forEach(registry::remove);
            }
            return List.of(
                    Gauge.builder(POOL_IDLE, idle, IntSupplier::getAsInt)
                            .description("Idle keep-alive connections in an upstream pool")
                            .tag("pool", pool).strongReference(true).register(registry),
                    Gauge.builder(POOL_BUSY, busy, IntSupplier::getAsInt)
                            .description("Upstream connections carrying a request")
                            .tag("pool", pool).strongReference(true).register(registry));
        });
    }

    /** Removes the gauges of a pool that no longer exists. */
    public void unregisterPoolGauges(String name) {
        List<Gauge> previous = poolGauges.remove(orNone(name));
        if (previous != null) {
            previous.forEach(registry::remove);
        }
    }

    /**
     * A request the proxy refused before routing (400, 413, 414, 431...). {@code reason} should be a
     * short fixed phrase such as {@code "request body too large"}; it is normalised to a tag value
     * ({@code request_body_too_large}).
     */
    public void requestRejected(String listener, String reason) {
        listenerMeters(orNone(listener)).rejected(reason).increment();
    }

    /** A new config snapshot was swapped in. */
    public void configApplied(String version) {
        configApplied.increment();
        lastConfigAppliedMillis.set(registry.config().clock().wallTime());
        lastConfigVersion.set(version);
    }

    /** The version passed to the last {@link #configApplied}, or null before the first swap. */
    public String lastConfigVersion() {
        return lastConfigVersion.get();
    }

    /**
     * Envoy-like plain text, one line per value, sorted: {@code name{tag=value,...}: value}.
     * Counters and gauges give one line; timers and summaries give {@code _count} and {@code _sum}.
     */
    public List<String> statsLines() {
        return StatsLines.render(registry);
    }

    private RouteMeters routeMeters(String listener, String route, String cluster) {
        Map<String, Map<String, RouteMeters>> byRoute = routes.get(listener);
        Map<String, RouteMeters> byCluster = byRoute == null ? null : byRoute.get(route);
        RouteMeters meters = byCluster == null ? null : byCluster.get(cluster);
        if (meters != null) {
            return meters;
        }
        return routes.computeIfAbsent(listener, l -> new ConcurrentHashMap<>())
                .computeIfAbsent(route, r -> new ConcurrentHashMap<>())
                .computeIfAbsent(cluster, c -> newRouteMeters(new RouteKey(listener, route, cluster)));
    }

    private ListenerMeters listenerMeters(String listener) {
        ListenerMeters meters = listeners.get(listener);
        return meters != null ? meters : listeners.computeIfAbsent(listener, ListenerMeters::new);
    }

    private RouteMeters newRouteMeters(RouteKey key) {
        Tags tags = Tags.of("listener", key.listener, "route", key.route, "cluster", key.cluster);
        Timer duration = Timer.builder(REQUEST_DURATION)
                .description("Time from the request's first byte to the response's last byte")
                .tags(tags)
                // fixed buckets and one rotation buffer: every request records into this histogram,
                // and Micrometer's 69 percentile buckets times 3 buffers cost a visible share of the
                // proxy's CPU (measured with JFR); these bounds match nginx/Envoy dashboards
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .distributionStatisticBufferLength(1)
                .register(registry);
        Counter requestBytes = Counter.builder(REQUEST_BYTES).baseUnit("bytes")
                .description("Request body bytes received from clients")
                .tags(tags).register(registry);
        Counter responseBytes = Counter.builder(RESPONSE_BYTES).baseUnit("bytes")
                .description("Response body bytes sent to clients")
                .tags(tags).register(registry);
        return new RouteMeters(tags, duration, requestBytes, responseBytes);
    }

    private static String orNone(String value) {
        return value == null || value.isEmpty() ? NONE : value;
    }

    /** Turns a free-text reason into a short tag value: lower case, {@code [a-z0-9_]}, at most 48 chars. */
    static String reasonTag(String reason) {
        if (reason == null || reason.isBlank()) {
            return "unknown";
        }
        String lower = reason.strip().toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(Math.min(lower.length(), 48));
        boolean underscore = false;
        for (int i = 0; i < lower.length() && out.length() < 48; i++) {
            char c = lower.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                out.append(c);
                underscore = false;
            } else if (!underscore && !out.isEmpty()) {
                out.append('_');
                underscore = true;
            }
        }
        int end = out.length();
        while (end > 0 && out.charAt(end - 1) == '_') {
            end--;
        }
        return end == 0 ? "unknown" : out.substring(0, end);
    }

    private record RouteKey(String listener, String route, String cluster) {}

    private record DenialKey(String listener, String rule, String reason) {}

    /** Meters of one (listener, route, cluster); status counters are created lazily by status code. */
    private final class RouteMeters {
        private final Tags tags;
        private final Timer duration;
        private final Counter requestBytes;
        private final Counter responseBytes;
        /**
         * The status counters made so far, looked up by a scan: a route answers few distinct codes, and a
         * 600-slot table per route cost ~2.4 KB each (at 10,000 routes, 24 MB). Copied on the rare add.
         */
        private volatile StatusCounters statuses = StatusCounters.NONE;

        RouteMeters(Tags tags, Timer duration, Counter requestBytes, Counter responseBytes) {
            this.tags = tags;
            this.duration = duration;
            this.requestBytes = requestBytes;
            this.responseBytes = responseBytes;
        }

        /** The counter of one status code; codes outside 100..599 share the one of status "0". */
        Counter status(int status) {
            int code = status >= 100 && status <= 599 ? status : 0;
            Counter counter = statuses.find(code);
            return counter != null ? counter : add(code);
        }

        private synchronized Counter add(int code) {
            Counter counter = statuses.find(code);
            if (counter == null) {
                counter = Counter.builder(REQUESTS)
                        .description("Finished HTTP requests by status sent to the client")
                        .tags(tags).tag("status", Integer.toString(code))
                        .register(registry);
                statuses = statuses.with(code, counter);
            }
            return counter;
        }
    }

    /** Status codes and their counters, index for index; never changed once published. */
    private record StatusCounters(int[] codes, Counter[] counters) {
        static final StatusCounters NONE = new StatusCounters(new int[0], new Counter[0]);

        Counter find(int code) {
            for (int i = 0; i < codes.length; i++) {
                if (codes[i] == code) {
                    return counters[i];
                }
            }
            return null;
        }

        StatusCounters with(int code, Counter counter) {
            int[] moreCodes = Arrays.copyOf(codes, codes.length + 1);
            Counter[] moreCounters = Arrays.copyOf(counters, counters.length + 1);
            moreCodes[codes.length] = code;
            moreCounters[counters.length] = counter;
            return new StatusCounters(moreCodes, moreCounters);
        }
    }

    /** Meters of one listener. */
    private final class ListenerMeters {
        private final String listener;
        private final AtomicLong active = new AtomicLong();
        private final Counter accepted;
        private final Counter refused;
        private final Map<String, Counter> rejectedByReason = new ConcurrentHashMap<>();
        private volatile Counter other;

        ListenerMeters(String listener) {
            this.listener = listener;
            this.accepted = Counter.builder(CONNECTIONS_ACCEPTED)
                    .description("Client connections accepted")
                    .tag("listener", listener).register(registry);
            this.refused = Counter.builder(CONNECTIONS_REFUSED)
                    .description("Client connections closed on accept: the listener's connection cap was reached")
                    .tag("listener", listener).register(registry);
            Gauge.builder(CONNECTIONS_ACTIVE, active, AtomicLong::get)
                    .description("Client connections currently open")
                    .tag("listener", listener).strongReference(true).register(registry);
        }

        Counter rejected(String reason) {
            String raw = reason == null ? "" : reason;
            Counter counter = rejectedByReason.get(raw);
            if (counter != null) {
                return counter;
            }
            // Raw reasons may carry request data: past the cap every new reason counts as "other".
            if (rejectedByReason.size() >= MAX_REJECT_REASONS) {
                return other();
            }
            return rejectedByReason.computeIfAbsent(raw, r -> rejectedCounter(reasonTag(r)));
        }

        private Counter other() {
            Counter counter = other;
            if (counter == null) {
                counter = rejectedCounter("other");
                other = counter;
            }
            return counter;
        }

        private Counter rejectedCounter(String tag) {
            return Counter.builder(REQUESTS_REJECTED)
                    .description("Requests refused before routing (malformed or over a limit)")
                    .tag("listener", listener).tag("reason", tag)
                    .register(registry);
        }
    }
}
