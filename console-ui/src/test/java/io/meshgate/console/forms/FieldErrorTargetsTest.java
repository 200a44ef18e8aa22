package io.meshgate.console.forms;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Longest-enclosing-path lookup of problem+json field paths. */
class FieldErrorTargetsTest {
    final FieldErrorTargets targets = new FieldErrorTargets()
            .register("spec.rules[1].http.paths[0]", "rule-2-path")
            .register("spec.rules[1].http.paths[0].backend.service.port", "rule-2-port")
            .register("metadata.annotations[pipy.ingress.kubernetes.io/lb-type]", "lb-type")
            .register("spec.rules", "rule-0-host");

    @Test
    void exactAndEnclosingPaths() {
        assertThat(targets.fieldFor("spec.rules[1].http.paths[0].backend.service.port.number")).contains("rule-2-port");
        assertThat(targets.fieldFor("spec.rules[1].http.paths[0].backend.service.name")).contains("rule-2-path");
        assertThat(targets.fieldFor("spec.rules[1].http.paths[0]")).contains("rule-2-path");
        assertThat(targets.fieldFor("spec.rules[7].host")).contains("rule-0-host");
    }

    @Test
    void dotsInsideAnnotationKeysAreNotSteps() {
        assertThat(targets.fieldFor("metadata.annotations[pipy.ingress.kubernetes.io/lb-type]")).contains("lb-type");
        assertThat(FieldErrorTargets.parentCut("metadata.annotations[pipy.ingress.kubernetes.io/lb-type]"))
                .isEqualTo("metadata.annotations".length());
    }

    @Test
    void unclaimedPathsHaveNoField() {
        assertThat(targets.fieldFor("metadata.name")).isEmpty();
        assertThat(targets.fieldFor("")).isEmpty();
        assertThat(targets.fieldFor("spec.rulesX")).isEmpty();
    }
}
