package io.meshgate.resources.annotations;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshgate.resources.IngressAnnotations;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code $} in {@code rewrite-target-to} follows JavaScript's {@code String.replace}, which FSM's
 * ingress script applies and the gateway's rewrite filter implements: {@code $1}..{@code $9} are
 * groups, {@code $$} is one literal {@code $}. Every other use of {@code $} is refused, because
 * JavaScript gives some of them meanings ({@code $&} is the whole match) the gateway does not have.
 */
class RewriteTargetDollarTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/cost$$", "/$$1", "/$$$1", "/a$$b$$"})
    void aDoubledDollarIsALiteralDollar(String to) {
        assertThat(IngressAnnotationTable.REWRITE_TARGET_TO.problem(to)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/cost$", "/$&", "/$`", "/$'", "/$<name>", "/$0", "/${HOME}", "/$$$"})
    void anyOtherDollarIsRefusedNamingWhatIsAccepted(String to) {
        assertThat(IngressAnnotationTable.REWRITE_TARGET_TO.problem(to)).hasValueSatisfying(message -> assertThat(message)
                .contains("'$' must be followed by a group number 1 to 9 ($1..$9) or by another '$' ($$ is a literal $)"));
    }

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            "^/price|/cost$$1|",
            "^/(a)|/$$$1|",
            "^/(a)|/$$$2|refers to $2 but rewrite-target-from has 1 capture group",
            "^/a|/$1|refers to $1 but rewrite-target-from has 0 capture groups"})
    void aDoubledDollarIsNotAGroupReference(String from, String to, String problem) {
        assertThat(RewritePair.check(Map.of(IngressAnnotationTable.REWRITE_TARGET_FROM.name(), from,
                IngressAnnotationTable.REWRITE_TARGET_TO.name(), to)).map(RewritePair.Problem::message))
                .satisfies(found -> {
                    if (problem == null) {
                        assertThat(found).isEmpty();
                    } else {
                        assertThat(found).hasValueSatisfying(m -> assertThat(m).contains(problem));
                    }
                });
    }

    @Test
    void applyTimeValidationAcceptsADoubledDollar() {
        assertThat(IngressAnnotations.validate(Map.of(IngressAnnotations.REWRITE_TARGET_FROM, "^/price/(.*)",
                IngressAnnotations.REWRITE_TARGET_TO, "/cost$$/$1"))).isEmpty();
        assertThat(IngressAnnotations.validate(Map.of(IngressAnnotations.REWRITE_TARGET_FROM, "^/price/(.*)",
                IngressAnnotations.REWRITE_TARGET_TO, "/$&"))).singleElement().satisfies(e ->
                assertThat(e.field()).isEqualTo("metadata.annotations[pipy.ingress.kubernetes.io/rewrite-target-to]"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"/$10|true", "/$1-0|false"})
    void aGroupFollowedByADigitIsRefusedOnlyWhereFsmWouldReadTwoDigits(String to, boolean refused) {
        String tenGroups = "^/(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)";
        assertThat(RewritePair.check(Map.of(IngressAnnotationTable.REWRITE_TARGET_FROM.name(), tenGroups,
                IngressAnnotationTable.REWRITE_TARGET_TO.name(), to)).isPresent()).isEqualTo(refused);
        assertThat(RewritePair.check(Map.of(IngressAnnotationTable.REWRITE_TARGET_FROM.name(), "^/(a)",
                IngressAnnotationTable.REWRITE_TARGET_TO.name(), to))).isEmpty();
    }
}
