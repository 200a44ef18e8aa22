package io.meshgate.config;

import java.time.Duration;
import java.util.Objects;

/**
 * A token bucket as Envoy's local rate limit filters define it (FSM's {@code rateLimit.local}): the
 * bucket starts full with {@link #maxTokens()} tokens; every {@code fillInterval} it gains
 * {@code tokensPerFill} tokens, never beyond {@code maxTokens}; each connection or request takes one
 * token and is refused when none is left.
 *
 * @param tokensPerFill FSM's {@code connections} / {@code requests}: at least 1
 * @param fillInterval  FSM's {@code unit} ({@code second}, {@code minute}, {@code hour}): at least 1 ms
 * @param burst         FSM's {@code burst}: the bucket's size when larger than {@code tokensPerFill}
 *                      (Envoy's {@code max_tokens = max(burst, requests)}); 0 = no burst; never negative
 */
public record TokenBucketSettings(int tokensPerFill, Duration fillInterval, int burst) {

    public TokenBucketSettings {
        if (tokensPerFill < 1) {
            throw new IllegalArgumentException("tokenBucket.tokensPerFill must be at least 1, got " + tokensPerFill);
        }
        Objects.requireNonNull(fillInterval, "tokenBucket.fillInterval is required");
        if (fillInterval.toMillis() < 1) {
            throw new IllegalArgumentException("tokenBucket.fillInterval must be at least 1ms, got " + fillInterval);
        }
        if (burst < 0) {
            throw new IllegalArgumentException("tokenBucket.burst must not be negative, got " + burst);
        }
    }

    /** The bucket's size, and its tokens when it starts: {@code max(burst, tokensPerFill)}. */
    public int maxTokens() {
        return Math.max(burst, tokensPerFill);
    }
}
