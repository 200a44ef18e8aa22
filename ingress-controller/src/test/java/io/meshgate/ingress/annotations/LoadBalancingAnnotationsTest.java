package io.meshgate.ingress.annotations;

import static io.meshgate.resources.IngressAnnotations.LB_TYPE;
import static io.meshgate.resources.IngressAnnotations.SESSION_STICKY;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.config.Cluster;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link LbType} and {@link SessionSticky}: cluster balancing settings. */
class LoadBalancingAnnotationsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"round-robin,ROUND_ROBIN", "hashing,HASHING", "least-work,LEAST_WORK"})
    void lbTypeSelectsThePolicy(String value, Cluster.LbPolicy policy) {
        RouteOptions options = AnnotationFixture.options(Map.of(LB_TYPE, value));
        assertThat(options.lbPolicy()).isEqualTo(policy);
        assertThat(options.clusterKey().isDefault()).isEqualTo(policy == Cluster.LbPolicy.ROUND_ROBIN);
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"Hashing", "random", "least_work", "", " hashing"})
    void lbTypeRejectsOtherWordsListingTheSupportedOnes(String value) {
        assertThat(AnnotationFixture.problems(Map.of(LB_TYPE, value))).singleElement().satisfies(e -> {
            assertThat(e.field()).contains("lb-type");
            assertThat(e.message()).contains("Unsupported value").contains("round-robin")
                    .contains("hashing").contains("least-work");
        });
    }

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(value = {"true,true", "TRUE,true", "yes,true", "y,true", "1,true", "on,true", "t,true",
            "false,false", "no,false", "0,false", "off,false", "F,false", "'',false"})
    void sessionStickyAcceptsTheSeedWords(String value, boolean sticky) {
        RouteOptions options = AnnotationFixture.options(Map.of(SESSION_STICKY, value));
        assertThat(options.sticky()).isEqualTo(sticky);
        assertThat(options.lbPolicy()).isEqualTo(Cluster.LbPolicy.ROUND_ROBIN);
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"maybe", "enabled", "2", "truee"})
    void sessionStickyRejectsOtherWords(String value) {
        assertThat(AnnotationFixture.problems(Map.of(SESSION_STICKY, value))).singleElement().satisfies(e -> {
            assertThat(e.field()).contains("session-sticky");
            assertThat(e.message()).contains("Unsupported value").contains("yes").contains("off");
        });
    }
}
