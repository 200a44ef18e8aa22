/**
 * FSM's local rate limits ({@code UpstreamTrafficSetting.spec.rateLimit.local} and
 * {@code spec.httpRoutes[].rateLimit.local}) on the server side: the inbound rules of the sidecars in
 * front of the {@code host} Service's Pods get a connection rate limit (TCP) and rate-limit filters on
 * their HTTP routes ({@link io.meshgate.sidecar.translator.ratelimit.InboundRateLimits}), and the
 * policies get a {@code RateLimit} condition saying what the sidecars do with them
 * ({@link io.meshgate.sidecar.translator.ratelimit.RateLimitConditions}).
 */
package io.meshgate.sidecar.translator.ratelimit;
