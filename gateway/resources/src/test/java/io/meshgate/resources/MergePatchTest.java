package io.meshgate.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class MergePatchTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** RFC 7386, Appendix A: every example. */
    @ParameterizedTest(name = "{0} + {1} = {2}")
    @CsvSource(delimiter = '|', value = {
            "{\"a\":\"b\"}                | {\"a\":\"c\"}                      | {\"a\":\"c\"}",
            "{\"a\":\"b\"}                | {\"b\":\"c\"}                      | {\"a\":\"b\",\"b\":\"c\"}",
            "{\"a\":\"b\"}                | {\"a\":null}                       | {}",
            "{\"a\":\"b\",\"b\":\"c\"}    | {\"a\":null}                       | {\"b\":\"c\"}",
            "{\"a\":[\"b\"]}              | {\"a\":\"c\"}                      | {\"a\":\"c\"}",
            "{\"a\":\"c\"}                | {\"a\":[\"b\"]}                    | {\"a\":[\"b\"]}",
            "{\"a\":{\"b\":\"c\"}}        | {\"a\":{\"b\":\"d\",\"c\":null}}   | {\"a\":{\"b\":\"d\"}}",
            "{\"a\":[{\"b\":\"c\"}]}      | {\"a\":[1]}                        | {\"a\":[1]}",
            "[\"a\",\"b\"]                | [\"c\",\"d\"]                      | [\"c\",\"d\"]",
            "{\"a\":\"b\"}                | [\"c\"]                            | [\"c\"]",
            "{\"a\":\"foo\"}              | null                               | null",
            "{\"a\":\"foo\"}              | \"bar\"                            | \"bar\"",
            "{\"e\":null}                 | {\"a\":1}                          | {\"e\":null,\"a\":1}",
            "[1,2]                        | {\"a\":\"b\",\"c\":null}           | {\"a\":\"b\"}",
            "{}                           | {\"a\":{\"bb\":{\"ccc\":null}}}    | {\"a\":{\"bb\":{}}}"})
    void rfc7386AppendixA(String target, String patch, String result) throws Exception {
        JsonNode original = JSON.readTree(target);

        assertThat(MergePatch.apply(original, JSON.readTree(patch))).isEqualTo(JSON.readTree(result));
        assertThat(original).isEqualTo(JSON.readTree(target));
    }

    @Test
    void patchingAResourceKeepsItAResource() throws Exception {
        Resource meshConfig = MeshConfigDefaults.resource();

        Resource patched = MergePatch.apply(meshConfig,
                JSON.readTree("{\"spec\":{\"traffic\":{\"outboundIPRangeExclusionList\":[\"54.91.118.50/32\"]}}}"));

        assertThat(patched.spec().at("/traffic/outboundIPRangeExclusionList/0").asText()).isEqualTo("54.91.118.50/32");
        assertThat(patched.spec().at("/traffic/enableEgress").asBoolean()).isTrue();
        assertThat(patched.metadata()).isEqualTo(meshConfig.metadata());
        assertThatThrownBy(() -> MergePatch.apply(meshConfig, JSON.readTree("{\"kind\": null}")))
                .isInstanceOf(ResourceParseException.class).hasMessageContaining("kind is required");
    }
}
