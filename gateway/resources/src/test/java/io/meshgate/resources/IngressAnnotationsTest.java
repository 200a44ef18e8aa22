package io.meshgate.resources;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IngressAnnotationsTest {
    private static final String P = IngressAnnotations.PREFIX;

    /** Each annotation with a valid value, an invalid one, and a part of the expected message. */
    static Stream<Arguments> annotations() {
        return Stream.of(
                Arguments.of("rewrite-target-from", "^/httpbin/?", "([a-z", "must be a valid RE2 regular expression"),
                Arguments.of("rewrite-target-to", "/", "/a b", "must be a URL path"),
                Arguments.of("session-sticky", "yes", "maybe", "Unsupported value: \"maybe\": supported values: \"1\", \"t\""),
                Arguments.of("lb-type", "least-work", "foo",
                        "Unsupported value: \"foo\": supported values: \"round-robin\", \"hashing\", \"least-work\""),
                Arguments.of("upstream-ssl-name", "middle.egress-middle.cluster.local", "Not A Host", "RFC 1123 subdomain"),
                Arguments.of("upstream-ssl-secret", "fsm-system/ingress-controller-cert", "a/b/c",
                        "must be name or namespace/name"),
                Arguments.of("upstream-ssl-verify", "On", "sure", "Unsupported value: \"sure\""),
                Arguments.of("tls-verify-client", "off", "2", "Unsupported value: \"2\""),
                Arguments.of("tls-verify-depth", "1", "101", "must be an integer from 0 to 100"),
                Arguments.of("tls-trusted-ca-secret", "trust-client-cert", "Bad_Secret", "must be name or namespace/name"),
                Arguments.of("upstream-protocol", "grpc", "HTTP3",
                        "Unsupported value: \"HTTP3\": supported values: \"GRPC\", \"HTTP\""));
    }

    @Test
    void theTableHasTheElevenFsmAnnotations() {
        assertThat(IngressAnnotations.ALL).extracting(IngressAnnotations.Entry::shortName).containsExactly(
                "rewrite-target-from", "rewrite-target-to", "session-sticky", "lb-type", "upstream-ssl-name",
                "upstream-ssl-secret", "upstream-ssl-verify", "tls-verify-client", "tls-verify-depth",
                "tls-trusted-ca-secret", "upstream-protocol");
        assertThat(IngressAnnotations.ALL).allSatisfy(entry -> {
            assertThat(entry.name()).startsWith(P);
            assertThat(entry.accepted()).isNotBlank();
        });
        assertThat(annotations()).hasSize(IngressAnnotations.ALL.size());
    }

    @ParameterizedTest(name = "{0}: {1} is accepted, {2} is not")
    @MethodSource("annotations")
    void eachAnnotationAcceptsItsValuesAndNamesItselfWhenRejecting(String name, String valid, String invalid,
                                                                    String message) {
        Map<String, String> good = withPair(name, valid);
        Map<String, String> bad = withPair(name, invalid);

        assertThat(IngressAnnotations.validate(good)).isEmpty();
        List<FieldError> errors = IngressAnnotations.validate(bad);
        assertThat(errors).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("metadata.annotations[" + P + name + "]");
            assertThat(error.message()).contains(message);
        });
    }

    @Test
    void aCatastrophicBacktrackingRegexIsHarmlessUnderRe2() {
        Map<String, String> annotations = Map.of(P + "rewrite-target-from", "(a+)+$", P + "rewrite-target-to", "/");

        assertThat(IngressAnnotations.validate(annotations)).isEmpty();
    }

    @Test
    void anInvalidRegexIsReportedUnderTheAnnotationName() {
        Map<String, String> annotations = Map.of(P + "rewrite-target-from", "([a-z", P + "rewrite-target-to", "/");

        assertThat(IngressAnnotations.validate(annotations)).singleElement().satisfies(error ->
                assertThat(error.field()).isEqualTo("metadata.annotations[pipy.ingress.kubernetes.io/rewrite-target-from]"));
    }

    @Test
    void rewriteFromAndToComeTogether() {
        assertThat(IngressAnnotations.validate(Map.of(P + "rewrite-target-from", "^/a")))
                .singleElement().satisfies(error -> {
                    assertThat(error.field()).isEqualTo("metadata.annotations[" + P + "rewrite-target-to]");
                    assertThat(error.message()).startsWith("Required value");
                });
        assertThat(IngressAnnotations.validate(Map.of(P + "rewrite-target-to", "/")))
                .singleElement().satisfies(error ->
                        assertThat(error.field()).isEqualTo("metadata.annotations[" + P + "rewrite-target-from]"));
    }

    @Test
    void rewriteTargetsMayOnlyReferToGroupsThatExist() {
        assertThat(IngressAnnotations.validate(Map.of(P + "rewrite-target-from", "^/api/(v[0-9])/(.*)",
                P + "rewrite-target-to", "/$2?version=$1"))).isEmpty();
        assertThat(IngressAnnotations.validate(Map.of(P + "rewrite-target-from", "^/api/(.*)",
                P + "rewrite-target-to", "/$2"))).singleElement().satisfies(error ->
                assertThat(error.message()).contains("refers to $2 but rewrite-target-from has 1 capture group"));
        assertThat(IngressAnnotations.validate(Map.of(P + "rewrite-target-from", "^/api",
                P + "rewrite-target-to", "/${HOME}"))).singleElement().satisfies(error ->
                assertThat(error.message()).contains("'$' must be followed by a group number"));
    }

    @Test
    void unknownAnnotationsUnderThePrefixAreErrorsOthersAreIgnored() {
        Map<String, String> annotations = Map.of(P + "lb-typ", "hashing", "nginx.ingress.kubernetes.io/rewrite-target", "/$1");

        assertThat(IngressAnnotations.validate(annotations)).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("metadata.annotations[" + P + "lb-typ]");
            assertThat(error.message()).startsWith("Unknown annotation").contains("\"lb-type\"");
        });
    }

    @Test
    void lineBreaksAreRejectedInInterpretedAnnotationsButForeignOnesMayBeMultiLine() {
        Resource ingress = ValidManifests.parse("Ingress");
        Map<String, String> annotations = new LinkedHashMap<>(ingress.metadata().annotations());
        annotations.put(P + "upstream-ssl-name", "example.com\nX-Injected: 1");
        annotations.put("nginx.ingress.kubernetes.io/configuration-snippet", "proxy_ssl_name \"a\";\n");
        annotations.put("kubectl.kubernetes.io/last-applied-configuration", "{\"kind\":\"Ingress\"}\n");
        Resource changed = ingress.withMetadata(ingress.metadata().withAnnotations(annotations));

        List<FieldError> errors = ResourceValidator.standard().validate(changed);

        assertThat(errors).extracting(FieldError::field).containsOnly("metadata.annotations[" + P + "upstream-ssl-name]");
        assertThat(errors).anySatisfy(error -> assertThat(error.message())
                .isEqualTo("Invalid value: \"example.com\\nX-Injected: 1\": must be a single line: CR and LF are not allowed"));
    }

    @Test
    void nulIsRejectedInEveryAnnotation() {
        Resource ingress = ValidManifests.parse("Ingress");
        Resource changed = ingress.withMetadata(ingress.metadata().withAnnotations(Map.of("example.com/note", "a\0b")));

        assertThat(ResourceValidator.standard().validate(changed)).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("metadata.annotations[example.com/note]");
            assertThat(error.message()).contains("\\u0000").contains("NUL");
        });
    }

    @Test
    void flagsAndSecretReferencesParseTheWayFsmReadsThem() {
        assertThat(IngressAnnotations.parseFlag("ON")).contains(true);
        assertThat(IngressAnnotations.parseFlag("")).contains(false);
        assertThat(IngressAnnotations.parseFlag("maybe")).isEmpty();
        assertThat(IngressAnnotations.SecretRef.parse("tls-cert", "httpbin"))
                .isEqualTo(new IngressAnnotations.SecretRef("httpbin", "tls-cert"));
        assertThat(IngressAnnotations.SecretRef.parse("fsm-system/ca", "httpbin"))
                .isEqualTo(new IngressAnnotations.SecretRef("fsm-system", "ca"));
        assertThat(IngressAnnotations.find(P + "lb-type")).isPresent();
        assertThat(IngressAnnotations.find(P + "nope")).isEmpty();
    }

    private static Map<String, String> withPair(String name, String value) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(P + name, value);
        // the two rewrite annotations only make sense together
        if (name.equals("rewrite-target-from")) {
            annotations.put(P + "rewrite-target-to", "/");
        } else if (name.equals("rewrite-target-to")) {
            annotations.put(P + "rewrite-target-from", "^/httpbin/?");
        }
        return annotations;
    }

    @Test
    void meshgateSslRedirectTakesTheTrueFalseWordsAndIsFoundByName() {
        String key = IngressAnnotations.SSL_REDIRECT;

        assertThat(key).isEqualTo("meshgate.io/ssl-redirect");
        assertThat(IngressAnnotations.find(key)).hasValueSatisfying(entry ->
                assertThat(entry.shortName()).isEqualTo("ssl-redirect"));
        assertThat(IngressAnnotations.validate(Map.of(key, "false"))).isEmpty();
        assertThat(IngressAnnotations.validate(Map.of(key, "On"))).isEmpty();
        assertThat(IngressAnnotations.validate(Map.of(key, "never"))).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("metadata.annotations[meshgate.io/ssl-redirect]");
            assertThat(error.message()).contains("Unsupported value: \"never\"");
        });
    }

    @Test
    void otherMeshgateKeysAreLeftToTheirReaders() {
        assertThat(IngressAnnotations.validate(Map.of("meshgate.io/tls-passthrough", "true",
                "meshgate.io/something-else", "x"))).isEmpty();
    }
}
