package io.meshgate.ingress.annotations;

import static io.meshgate.resources.IngressAnnotations.REWRITE_TARGET_FROM;
import static io.meshgate.resources.IngressAnnotations.REWRITE_TARGET_TO;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.config.Rewrite;
import io.meshgate.resources.FieldError;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link RewriteTargetFrom} + {@link RewriteTargetTo}: both together make a Rewrite filter. */
class RewriteAnnotationsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "^/httpbin/?|/",
            "^/api/(.*)$|/v2/$1",
            "/old|/new?x=1"})
    void validPairBecomesARewriteFilter(String from, String to) {
        RouteOptions options = AnnotationFixture.options(Map.of(REWRITE_TARGET_FROM, from, REWRITE_TARGET_TO, to));
        assertThat(options.rewrite()).isEqualTo(new Rewrite(from, to));
        assertThat(options.clusterKey().isDefault()).as("a rewrite does not change the cluster").isTrue();
    }

    @ParameterizedTest(name = "from={0} to={1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "^/httpbin/?|NULL|rewrite-target-to|rewrite-target-from needs rewrite-target-to",
            "NULL|/|rewrite-target-from|rewrite-target-to needs rewrite-target-from",
            "^/(a|/|rewrite-target-from|Invalid value",
            "^/a|/$1|rewrite-target-to|capture group",
            "^/a|/has space|rewrite-target-to|Invalid value",
            "^/a|/$x|rewrite-target-to|group number"})
    void invalidValuesAreReportedOnTheAnnotation(String from, String to, String field, String message) {
        Map<String, String> annotations = new HashMap<>();
        if (from != null) {
            annotations.put(REWRITE_TARGET_FROM, from);
        }
        if (to != null) {
            annotations.put(REWRITE_TARGET_TO, to);
        }
        List<FieldError> problems = AnnotationFixture.problems(annotations);
        assertThat(problems).singleElement().satisfies(e -> {
            assertThat(e.field()).endsWith(field + "]");
            assertThat(e.message()).contains(message);
        });
    }
}
