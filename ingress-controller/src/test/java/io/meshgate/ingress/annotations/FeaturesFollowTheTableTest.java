package io.meshgate.ingress.annotations;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.config.Rewrite;
import io.meshgate.resources.annotations.IngressAnnotation;
import io.meshgate.resources.annotations.IngressAnnotationTable;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The features are the annotation table's route-setting rows, and carry out what the rows' grammars read. */
class FeaturesFollowTheTableTest {

    @Test
    void oneFeaturePerRouteSettingRowInTableOrder() {
        assertThat(IngressAnnotationRegistry.FEATURES.stream().<IngressAnnotation<?>>map(AnnotationFeature::row).toList())
                .containsExactlyElementsOf(IngressAnnotationTable.ALL.stream()
                        .filter(row -> row.scope() == IngressAnnotation.Scope.ROUTES).toList());
    }

    @Test
    void aDoubledDollarReachesTheGatewayAsWrittenWhereItIsOneLiteralDollar() {
        RouteOptions options = AnnotationFixture.options(Map.of(
                IngressAnnotationTable.REWRITE_TARGET_FROM.name(), "^/price/(.*)",
                IngressAnnotationTable.REWRITE_TARGET_TO.name(), "/cost$$/$1"));

        // the kernel's rewrite filter reads $$ as one '$' (JavaScript String.replace, as FSM)
        assertThat(options.rewrite()).isEqualTo(new Rewrite("^/price/(.*)", "/cost$$/$1"));
    }

    @Test
    void anyOtherDollarKeepsTheIngressFromBeingValid() {
        assertThat(AnnotationFixture.problems(Map.of(
                IngressAnnotationTable.REWRITE_TARGET_FROM.name(), "^/price",
                IngressAnnotationTable.REWRITE_TARGET_TO.name(), "/$&"))).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("$$ is a literal $"));
    }
}
