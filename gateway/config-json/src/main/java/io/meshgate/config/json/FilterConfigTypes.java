package io.meshgate.config.json;

import io.meshgate.config.DirectResponse;
import io.meshgate.config.FilterConfig;
import io.meshgate.config.HeaderMutation;
import io.meshgate.config.LocalRateLimit;
import io.meshgate.config.Redirect;
import io.meshgate.config.RetryPolicy;
import io.meshgate.config.Rewrite;
import java.util.Map;

/**
 * The JSON names of the filter records: the value of their {@code "type"} property, which must equal
 * {@link FilterConfig#type()}. A new filter feature adds one line here (a test checks each entry
 * against its record's {@code type()}).
 */
final class FilterConfigTypes {
    private FilterConfigTypes() {}

    static final Map<String, Class<? extends FilterConfig>> BY_TYPE = Map.of(
            "headers", HeaderMutation.class,
            "respond", DirectResponse.class,
            "redirect", Redirect.class,
            "rewrite", Rewrite.class,
            "retry", RetryPolicy.class,
            "rateLimit", LocalRateLimit.class);
}
