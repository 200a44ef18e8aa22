package io.meshgate.kernel.dns;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The counters of one DNS listener, registered in the kernel's registry beside its other meters:
 * {@code meshgate.dns.queries{listener, outcome}} with outcome {@code answered} (from records),
 * {@code forwarded} (an upstream's answer relayed), {@code failed} (SERVFAIL), {@code format_error}
 * (FORMERR) or {@code not_implemented} (NOTIMP), and {@code meshgate.dns.packets.dropped{listener}} for
 * datagrams dropped without an answer because they were not a readable query. Tags come from the config
 * only, so cardinality is bounded; registering the same listener again returns the same counters.
 */
public final class DnsMetrics {

    static final String QUERIES = "meshgate.dns.queries";
    static final String DROPPED = "meshgate.dns.packets.dropped";

    private final Counter answered;
    private final Counter forwarded;
    private final Counter failed;
    private final Counter formatError;
    private final Counter notImplemented;
    private final Counter dropped;

    public DnsMetrics(MeterRegistry registry, String listener) {
        this.answered = queries(registry, listener, "answered");
        this.forwarded = queries(registry, listener, "forwarded");
        this.failed = queries(registry, listener, "failed");
        this.formatError = queries(registry, listener, "format_error");
        this.notImplemented = queries(registry, listener, "not_implemented");
        this.dropped = Counter.builder(DROPPED)
                .description("Datagrams to a DNS listener dropped unanswered: not a readable DNS query")
                .tag("listener", listener)
                .register(registry);
    }

    private static Counter queries(MeterRegistry registry, String listener, String outcome) {
        return Counter.builder(QUERIES)
                .description("DNS queries answered by a DNS listener, by outcome")
                .tag("listener", listener)
                .tag("outcome", outcome)
                .register(registry);
    }

    void answered() {
        answered.increment();
    }

    void forwarded() {
        forwarded.increment();
    }

    void failed() {
        failed.increment();
    }

    void formatError() {
        formatError.increment();
    }

    void notImplemented() {
        notImplemented.increment();
    }

    void dropped() {
        dropped.increment();
    }
}
