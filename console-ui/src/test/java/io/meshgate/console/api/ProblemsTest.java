package io.meshgate.console.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Parsing of error answers into {@link ApiProblem}s. */
class ProblemsTest {

    @Test
    void problemJsonKeepsTitleDetailAndFieldErrors() {
        ApiProblem p = Problems.parse(422, "application/problem+json", """
                {"type":"urn:meshgate:problem:invalid","title":"Unprocessable Content","status":422,
                 "detail":"1 error(s)","errors":[{"field":"spec.rules[0].host","message":"bad host","document":0,"line":9},
                 {"field":"","message":"whole document"}]}""");
        assertThat(p.status()).isEqualTo(422);
        assertThat(p.title()).isEqualTo("Unprocessable Content");
        assertThat(p.detail()).isEqualTo("1 error(s)");
        assertThat(p.fieldProblems()).containsExactly(new FieldProblem("spec.rules[0].host", "bad host", 0, 9),
                new FieldProblem("", "whole document", null, null));
    }

    @Test
    void nonJsonAnswersKeepTheirTextShort() {
        ApiProblem p = Problems.parse(502, "text/html", "<html>" + "x".repeat(1000));
        assertThat(p.title()).isEqualTo("HTTP 502");
        assertThat(p.detail()).hasSize(300);
        assertThat(p.fieldProblems()).isEmpty();
    }
}
