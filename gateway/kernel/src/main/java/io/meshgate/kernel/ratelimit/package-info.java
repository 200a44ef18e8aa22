/**
 * Local rate limits (FSM's {@code UpstreamTrafficSetting.spec.rateLimit.local}, Envoy's local rate
 * limit filters): {@link io.meshgate.kernel.ratelimit.TokenBucket}, one lock-free bucket per limit shared
 * by all event loops, and {@link io.meshgate.kernel.ratelimit.LocalRateLimits}, a kernel's buckets and
 * their {@code rate_limited} counters, which outlive config swaps. The HTTP filter is in the filter
 * package, the TCP connection limit in the mesh listener's accept path.
 */
package io.meshgate.kernel.ratelimit;
