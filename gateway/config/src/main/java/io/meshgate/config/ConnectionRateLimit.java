package io.meshgate.config;

import java.util.Objects;

/**
 * A limit on the rate of new connections a TCP {@link DestinationRule} accepts (FSM's
 * {@code UpstreamTrafficSetting.spec.rateLimit.local.tcp}, Envoy's {@code local_ratelimit} network
 * filter): a connection that finds the rule's token bucket empty is reset at once, before anything is
 * read from it or sent upstream.
 *
 * @param statPrefix names the bucket and its counter: the admin's {@code /stats} prints
 *                   {@code local_rate_limit.<statPrefix>.rate_limited: N} (FSM's
 *                   {@code inbound_demo/fortio_8078_tcp}). Rules of one proxy with the same prefix and
 *                   settings share one bucket.
 * @param bucket     the token bucket
 */
public record ConnectionRateLimit(String statPrefix, TokenBucketSettings bucket) {

    public ConnectionRateLimit {
        Checks.name(statPrefix, "connectionRateLimit.statPrefix");
        if (statPrefix.indexOf('\n') >= 0 || statPrefix.indexOf('\r') >= 0 || statPrefix.indexOf(' ') >= 0) {
            throw new IllegalArgumentException("connectionRateLimit.statPrefix must be one word, got '" + statPrefix + "'");
        }
        Objects.requireNonNull(bucket, "connectionRateLimit.bucket is required");
    }
}
