package io.meshgate.config;

/**
 * Settings of one per-route filter. Each feature (header mutation, rewrite, and later retry, rate
 * limit, CORS, access control...) is one record implementing this interface; the kernel's filter
 * registry maps the record class to the factory that builds the running filter, and fixes the
 * order in which filters run.
 */
public interface FilterConfig {
    /** Short stable name of the feature, e.g. {@code "headers"}; shown in config dumps. */
    String type();
}
