package io.meshgate.kernel.mesh;

import io.meshgate.config.ConnectionRateLimit;
import io.meshgate.kernel.ratelimit.LocalRateLimits;
import io.meshgate.kernel.ratelimit.TokenBucket;
import io.micrometer.core.instrument.Counter;

/**
 * A destination rule's limit on new connections (FSM's {@code rateLimit.local.tcp}): one token of the
 * kernel's bucket for the rule's stat prefix per accepted connection; a refusal is counted as
 * {@code local_rate_limit.<statPrefix>.rate_limited}. Called on the event loop at accept: one
 * compare-and-set, no allocation.
 */
final class ConnectionRateLimiter {
    private final TokenBucket bucket;
    private final Counter limited;

    private ConnectionRateLimiter(TokenBucket bucket, Counter limited) {
        this.bucket = bucket;
        this.limited = limited;
    }

    /** The limiter of {@code config}, or null for none. */
    static ConnectionRateLimiter of(ConnectionRateLimit config, LocalRateLimits limits) {
        if (config == null) {
            return null;
        }
        return new ConnectionRateLimiter(limits.bucket("tcp " + config.statPrefix(), config.bucket()),
                limits.tcpCounter(config.statPrefix()));
    }

    boolean admit() {
        if (bucket.tryTake()) {
            return true;
        }
        limited.increment();
        return false;
    }
}
