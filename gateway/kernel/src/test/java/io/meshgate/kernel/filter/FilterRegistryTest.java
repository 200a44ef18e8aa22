package io.meshgate.kernel.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshgate.config.DirectResponse;
import io.meshgate.config.FilterConfig;
import io.meshgate.config.HeaderMutation;
import io.meshgate.config.Redirect;
import io.meshgate.config.Rewrite;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FilterRegistryTest {

    private static final HeaderMutation HEADERS_A = new HeaderMutation(Map.of("x-a", "1"), null, null, null, null, null);
    private static final HeaderMutation HEADERS_B = new HeaderMutation(Map.of("x-b", "2"), null, null, null, null, null);
    private static final Rewrite REWRITE = new Rewrite("^/a", "/b");
    private static final Redirect REDIRECT = Redirect.toHttps(443);
    private static final io.meshgate.config.RetryPolicy RETRY =
            io.meshgate.config.RetryPolicy.of(List.of("5xx"), 1, null, null);

    /** A feature no table knows. */
    private record Unknown() implements FilterConfig {
        @Override
        public String type() {
            return "unknown";
        }
    }

    /** A filter that remembers the config it was built from, to check order and identity. */
    private record Built(FilterConfig config) implements HttpFilter {
    }

    private record RecordingFactory<C extends FilterConfig>(Class<C> configType) implements FilterFactory<C> {
        @Override
        public HttpFilter create(C config) {
            return new Built(config);
        }
    }

    private static final io.meshgate.config.LocalRateLimit RATE_LIMIT = new io.meshgate.config.LocalRateLimit("b", null,
            new io.meshgate.config.TokenBucketSettings(1, java.time.Duration.ofSeconds(1), 0), 0, null);

    @Test
    void standardTableListsTheFeaturesInRunOrder() {
        assertThat(FilterRegistry.standard().featureNames()).containsExactly("respond", "redirect", "rateLimit", "rewrite", "headers",
                "retry");
    }

    @Test
    void featureNamesAreTheTypeNamesOfTheirConfigRecords() {
        // config dumps show FilterConfig.type(), docs and admin show feature names: they must agree
        assertThat(FilterRegistry.standard().featureNames()).containsExactly(DirectResponse.FORBIDDEN.type(), REDIRECT.type(),
                RATE_LIMIT.type(), REWRITE.type(), HEADERS_A.type(), RETRY.type());
    }

    @Test
    void filtersRunInTableOrderWhateverTheConfigOrder() {
        List<HttpFilter> filters = FilterRegistry.standard().build(List.of(HEADERS_A, REWRITE, REDIRECT));

        assertThat(filters).hasExactlyElementsOfTypes(RedirectFilter.class, RewriteFilter.class,
                HeaderMutationFilter.class);
    }

    @Test
    void featuresOfTheSameKindKeepTheirConfigOrder() {
        FilterRegistry registry = new FilterRegistry(List.of(
                new FilterRegistry.Feature("rewrite", new RecordingFactory<>(Rewrite.class)),
                new FilterRegistry.Feature("headers", new RecordingFactory<>(HeaderMutation.class))));

        List<HttpFilter> filters = registry.build(List.of(HEADERS_B, REWRITE, HEADERS_A));

        assertThat(filters).containsExactly(new Built(REWRITE), new Built(HEADERS_B), new Built(HEADERS_A));
    }

    @Test
    void noConfigsBuildNoFilters() {
        assertThat(FilterRegistry.standard().build(List.of())).isEmpty();
    }

    @Test
    void anUnknownConfigClassIsRejectedByName() {
        assertThatThrownBy(() -> FilterRegistry.standard().build(List.of(REWRITE, new Unknown())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Unknown.class.getName())
                .hasMessageContaining("unknown");
    }

    @Test
    void badSettingsNameTheFeature() {
        assertThatThrownBy(() -> FilterRegistry.standard().build(List.of(new Rewrite("[", "/"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("filter rewrite: ");
    }

    @Test
    void aTableCannotRegisterAConfigClassOrANameTwice() {
        assertThatThrownBy(() -> new FilterRegistry(List.of(
                new FilterRegistry.Feature("one", new RecordingFactory<>(Rewrite.class)),
                new FilterRegistry.Feature("two", new RecordingFactory<>(Rewrite.class)))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(Rewrite.class.getName());
        assertThatThrownBy(() -> new FilterRegistry(List.of(
                new FilterRegistry.Feature("same", new RecordingFactory<>(Rewrite.class)),
                new FilterRegistry.Feature("same", new RecordingFactory<>(HeaderMutation.class)))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same");
    }
}
