package io.meshgate.resources.schema;

import static io.meshgate.resources.schema.Schemas.any;
import static io.meshgate.resources.schema.Schemas.array;
import static io.meshgate.resources.schema.Schemas.bool;
import static io.meshgate.resources.schema.Schemas.integer;
import static io.meshgate.resources.schema.Schemas.intOrString;
import static io.meshgate.resources.schema.Schemas.map;
import static io.meshgate.resources.schema.Schemas.number;
import static io.meshgate.resources.schema.Schemas.object;
import static io.meshgate.resources.schema.Schemas.oneOf;
import static io.meshgate.resources.schema.Schemas.port;
import static io.meshgate.resources.schema.Schemas.string;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshgate.resources.KindRegistry;
import org.junit.jupiter.api.Test;

/** Schemas describe themselves as structural OpenAPI v3 (what the chart's CRDs are generated from). */
class SchemaOpenApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyBuildingBlockSaysItsShape() throws Exception {
        Schema schema = object()
                .required("name", string().nonEmpty().maxLength(63))
                .required("port", port())
                .optional("protocol", oneOf("http", "tcp"))
                .optional("loose", oneOf("a").oneOfIgnoringCase("A", "B"))
                .optional("weight", number(0, 0.5))
                .optional("count", integer())
                .optional("enabled", bool())
                .optional("labels", map(null, string()))
                .optional("targetPort", intOrString(port(), string()))
                .optional("hosts", array(string()).nonEmpty().maxItems(3))
                .optional("config", any())
                .optional("open", object().optional("a", bool()).allowUnknownFields());

        // compared as text: Jackson's numeric node types (int, long) differ between a parse and a put
        assertThat(JSON.writeValueAsString(schema.openApi())).isEqualTo(JSON.writeValueAsString(JSON.readTree("""
                {"type":"object","properties":{
                  "name":{"type":"string","minLength":1,"maxLength":63},
                  "port":{"type":"integer","format":"int64","minimum":1,"maximum":65535},
                  "protocol":{"type":"string","enum":["http","tcp"]},
                  "loose":{"type":"string"},
                  "weight":{"type":"number","minimum":0,"maximum":0.5},
                  "count":{"type":"integer","format":"int64"},
                  "enabled":{"type":"boolean"},
                  "labels":{"type":"object","additionalProperties":{"type":"string"}},
                  "targetPort":{"x-kubernetes-int-or-string":true},
                  "hosts":{"type":"array","items":{"type":"string"},"minItems":1,"maxItems":3},
                  "config":{"x-kubernetes-preserve-unknown-fields":true},
                  "open":{"type":"object","properties":{"a":{"type":"boolean"}},"x-kubernetes-preserve-unknown-fields":true}},
                 "required":["name","port"]}
                """)));
    }

    @Test
    void aSchemaWrittenAsALambdaAcceptsAnything() {
        Schema lambda = (value, path, problems) -> { };
        assertThat(lambda.openApi().path("x-kubernetes-preserve-unknown-fields").asBoolean()).isTrue();
        assertThat(lambda.openApi().has("type")).isFalse();
    }

    @Test
    void everyCustomKindOffersItsBodySchema() {
        KindRegistry.standard().kinds().stream()
                .filter(info -> !info.group().isEmpty() && !info.group().endsWith(".k8s.io"))
                .forEach(info -> assertThat(info.validator().bodySchema()).as(info.kind()).isPresent());
    }
}
