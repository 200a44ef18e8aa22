package io.meshgate.kernel.ratelimit;

import io.meshgate.config.TokenBucketSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One kernel's rate-limit buckets and their {@code rate_limited} counters, asked for when a config is
 * compiled (never per request). A bucket is kept across config swaps while its name and settings stay
 * the same, so an unrelated config change does not hand out a fresh burst; changed settings get a new,
 * full bucket (as Envoy's rebuilt filter starts full). Counters are cumulative for the kernel's life,
 * like Envoy's and FSM's: a new policy does not reset them.
 *
 * <p>Counters are Micrometer counters named {@value #LIMITED} with tags {@code kind} ({@code tcp} or
 * {@code http}), {@code name} (a TCP rule's stat prefix, an HTTP bucket's name) and, for HTTP,
 * {@code scope} ({@code throttle_service} or {@code throttle_route}, FSM's names); the admin's
 * {@code /stats} prints them under Envoy's names. They count refusals only (a request that gets its token
 * touches no counter); an increment is Micrometer's striped adder, with no lock and, once its cells exist,
 * no allocation, so the loops refusing at once do not contend on one field.
 */
public final class LocalRateLimits {
    /** The Micrometer name of the refusal counters. */
    public static final String LIMITED = "meshgate.ratelimit.limited";
    public static final String TCP = "tcp";
    public static final String HTTP = "http";

    private final MeterRegistry registry;
    private final LongSupplier nanoClock;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public LocalRateLimits(MeterRegistry registry) {
        this(registry, System::nanoTime);
    }

    /** With an injected clock, for tests. */
    public LocalRateLimits(MeterRegistry registry, LongSupplier nanoClock) {
        this.registry = registry;
        this.nanoClock = nanoClock;
    }

    /** Buckets and counters that no admin shows (filter tests, snapshots compiled outside a kernel). */
    public static LocalRateLimits unregistered() {
        return new LocalRateLimits(new SimpleMeterRegistry());
    }

    /**
     * The bucket named {@code name} (unique per kernel and kind: prefix it), the same object as before
     * when its settings did not change, else a new full one.
     */
    public TokenBucket bucket(String name, TokenBucketSettings settings) {
        return buckets.compute(name, (n, old) ->
                old != null && old.settings().equals(settings) ? old : new TokenBucket(settings, nanoClock));
    }

    /** The refusal counter of a TCP rule's connection limit, registered (at 0) on first use. */
    public Counter tcpCounter(String statPrefix) {
        return counters.computeIfAbsent(TCP + " " + statPrefix, k -> Counter.builder(LIMITED)
                .description("Connections or requests refused by a local rate limit")
                .tag("kind", TCP).tag("name", statPrefix).tag("scope", "connection")
                .register(registry));
    }

    /** The refusal counter of an HTTP bucket, registered (at 0) on first use. */
    public Counter httpCounter(String bucket, String scope) {
        return counters.computeIfAbsent(HTTP + " " + bucket + " " + scope, k -> Counter.builder(LIMITED)
                .description("Connections or requests refused by a local rate limit")
                .tag("kind", HTTP).tag("name", bucket).tag("scope", scope)
                .register(registry));
    }
}
