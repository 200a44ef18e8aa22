package io.meshgate.kernel.filter;

import io.meshgate.config.FilterConfig;

/**
 * Builds the running filter of one feature from its config record. One small class per feature;
 * registered in {@link FilterRegistry}, which also fixes the order filters run in.
 *
 * @param <C> the config record this factory understands
 */
public interface FilterFactory<C extends FilterConfig> {

    Class<C> configType();

    /** Builds the filter; throws {@link IllegalArgumentException} with a clear message for bad settings. */
    HttpFilter create(C config);
}
